import { existsSync } from 'node:fs';
import { gql } from 'graphql-request';
import { Browser, BrowserContext, chromium, Page, Response } from 'playwright-core';
import { expectCode, TestServer } from './support/harness';
import { createCooperative, signUp, signUpUnverified, TestUser, unique } from './support/factories';
import { LinkPage, mailedToken } from './support/mailbox';

// Playwright cannot download browsers here: the Debian package is used (.ci/run installs it).
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PASSWORD = 'correct horse battery';

const ME = gql`
  {
    me {
      emailVerified
    }
  }
`;
const LOG_IN = gql`
  mutation ($input: LogInInput!) {
    logIn(input: $input) {
      token
    }
  }
`;
const REQUEST_RESET = gql`
  mutation ($email: String!) {
    requestPasswordReset(email: $email)
  }
`;
const ADD_MEMBER = gql`
  mutation ($input: AddMemberInput!) {
    addMember(input: $input) {
      id
    }
  }
`;
const MY_MEMBERSHIP = gql`
  query ($slug: String!) {
    cooperative(slug: $slug) {
      myMembership {
        status
      }
    }
  }
`;
const REGISTER_LICENSEE = gql`
  mutation ($input: RegisterLicenseeInput!) {
    registerLicensee(input: $input) {
      id
    }
  }
`;
const INVITE_LICENSEE_ACCOUNT = gql`
  mutation ($licenseeId: ID!) {
    inviteLicenseeAccount(licenseeId: $licenseeId) {
      id
    }
  }
`;

describe('pages for mailed links, in Chromium without JavaScript', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed (${CHROMIUM} is missing): install it with "apt-get install -y chromium", as .ci/run does`);
    server = await TestServer.start();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ javaScriptEnabled: false });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const linkTo = (page: LinkPage, token: string) => `${server.baseUrl}/${page}?token=${token}`;

  /** Opens a mailed link in a new tab; the form page answers 200, uncached, and names the token only in its hidden field. */
  async function open(page: LinkPage, token: string): Promise<Page> {
    const tab = await context.newPage();
    const response = (await tab.goto(linkTo(page, token)))!;
    expect(response.status()).toBe(200);
    expectLinkPageHeaders(response);
    const html = await tab.content();
    expect(html.split(token)).toHaveLength(2);
    expect(await tab.locator('input[type=hidden][name=token]').inputValue()).toBe(token);
    return tab;
  }

  /** Clicks the form's button and waits for the page the POST answers; returns its status. */
  async function submit(tab: Page, button: string): Promise<number> {
    const answered = tab.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest());
    await tab.getByRole('button', { name: button }).click();
    const response = await answered;
    await tab.waitForLoadState();
    expectLinkPageHeaders(response);
    return response.status();
  }

  async function logInAndAccept(tab: Page, user: TestUser): Promise<number> {
    await tab.getByLabel('Email').fill(user.email);
    await tab.getByLabel('Password').fill(PASSWORD);
    return submit(tab, 'Log in and accept');
  }

  const text = (tab: Page, role: 'alert' | 'status') => tab.getByRole(role).innerText();

  it('verifies an address only when the button is pressed, once', async () => {
    const user = await signUpUnverified(server);
    const token = await mailedToken(server, user.email, 'verify-email');

    const tab = await open('verify-email', token);
    expect((await server.request<{ me: { emailVerified: boolean } }>(ME, {}, user.token)).me.emailVerified).toBe(false);
    expect(await submit(tab, 'Confirm my address')).toBe(200);
    expect(await text(tab, 'status')).toBe(`Your address ${user.email} is confirmed.`);
    expect((await server.request<{ me: { emailVerified: boolean } }>(ME, {}, user.token)).me.emailVerified).toBe(true);

    const again = await open('verify-email', token);
    expect(await submit(again, 'Confirm my address')).toBe(404);
    expect(await text(again, 'alert')).toContain('This link is not valid: it may have expired or already been used');
  });

  it('accepts a member invitation for the account of the invited address only', async () => {
    const coop = await createCooperative(server);
    const [invitee, other] = await Promise.all([signUp(server), signUp(server)]);
    await server.request(ADD_MEMBER, { input: { cooperativeId: coop.id, email: invitee.email } }, coop.admin.token);
    const token = await mailedToken(server, invitee.email, 'accept-invitation');

    const stranger = await open('accept-invitation', token);
    expect(await logInAndAccept(stranger, other)).toBe(403);
    expect(await text(stranger, 'alert')).toContain('This invitation was sent to another address');
    expect(await stranger.content()).not.toContain(PASSWORD);

    const tab = await open('accept-invitation', token);
    expect(await logInAndAccept(tab, invitee)).toBe(200);
    expect(await text(tab, 'status')).toBe(`You are now a member of Cooperative ${coop.slug}.`);
    const { cooperative } = await server.request<{ cooperative: { myMembership: { status: string } } }>(MY_MEMBERSHIP, { slug: coop.slug }, invitee.token);
    expect(cooperative.myMembership.status).toBe('ACTIVE');
  });

  it('resets a password: mismatched entries are refused; the new one works and every earlier token ends', async () => {
    const user = await signUp(server);
    await server.request(REQUEST_RESET, { email: user.email });
    const tab = await open('reset-password', await mailedToken(server, user.email, 'reset-password'));

    await tab.getByLabel('New password', { exact: true }).fill('a brand new password');
    await tab.getByLabel('New password again').fill('another new password');
    expect(await submit(tab, 'Set my new password')).toBe(400);
    expect(await text(tab, 'alert')).toContain('The two passwords differ');
    expect(await tab.content()).not.toContain('a brand new password');

    await tab.getByLabel('New password', { exact: true }).fill('a brand new password');
    await tab.getByLabel('New password again').fill('a brand new password');
    expect(await submit(tab, 'Set my new password')).toBe(200);
    expect(await text(tab, 'status')).toBe('Your password has been changed.');
    expect(await tab.locator('body').innerText()).toContain('Every earlier session has ended');

    const { logIn } = await server.request<{ logIn: { token: string } }>(LOG_IN, { input: { email: user.email, password: 'a brand new password' } });
    expect((await server.request<{ me: { emailVerified: boolean } }>(ME, {}, logIn.token)).me.emailVerified).toBe(true);
    await expectCode(server.request(ME, {}, user.token), 'UNAUTHENTICATED');
  });

  it("links a licensee's account through the licensee invitation page", async () => {
    const coop = await createCooperative(server);
    const holder = await signUp(server);
    const name = unique('Licensee');
    const { registerLicensee } = await server.request<{ registerLicensee: { id: string } }>(
      REGISTER_LICENSEE,
      { input: { cooperativeId: coop.id, name, email: holder.email, use: 'COMMERCIAL' } },
      coop.admin.token,
    );
    await server.request(INVITE_LICENSEE_ACCOUNT, { licenseeId: registerLicensee.id }, coop.admin.token);

    const tab = await open('accept-licensee-invitation', await mailedToken(server, holder.email, 'accept-licensee-invitation'));
    expect(await logInAndAccept(tab, holder)).toBe(200);
    expect(await text(tab, 'status')).toBe(`Your account now manages the licensee ${name} of Cooperative ${coop.slug}.`);
    const { myLicensees } = await server.request<{ myLicensees: { id: string }[] }>(gql`{ myLicensees { id } }`, {}, holder.token);
    expect(myLicensees.map((l) => l.id)).toEqual([registerLicensee.id]);
  });

  it('explains a link without its token, escapes whatever the link carries, and refuses unstorable input with 400', async () => {
    for (const page of ['verify-email', 'reset-password', 'accept-invitation', 'accept-licensee-invitation'] as const) {
      const response = await fetch(`${server.baseUrl}/${page}`);
      expect({ page, status: response.status }).toEqual({ page, status: 400 });
      expect(await response.text()).toContain('This link is incomplete');
    }
    const response = await fetch(linkTo('accept-invitation', encodeURIComponent('"><script>alert(1)</script>')));
    const html = await response.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');

    const form = new URLSearchParams({ token: 'x'.repeat(43), email: 'nul\u0000byte@example.org', password: PASSWORD });
    const refused = await fetch(`${server.baseUrl}/accept-invitation`, { method: 'POST', body: form });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Invalid input');
  });
});

function expectLinkPageHeaders(response: Response): void {
  const headers = response.headers();
  expect({ type: headers['content-type'], cache: headers['cache-control'], referrer: headers['referrer-policy'] }).toEqual({
    type: 'text/html; charset=utf-8',
    cache: 'no-store',
    referrer: 'no-referrer',
  });
}
