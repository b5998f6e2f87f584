import { TestServer } from './support/harness';
import { addMember, createCooperative, labour, TestCooperative, TestMember } from './support/factories';
import { createProposal, inSeconds, vote } from './support/governance';
import { TestSmtp } from './support/smtp';

/** Reminders by mail, through a real SMTP server, each sent once although two instances look every 200 ms. */
describe('reminders', () => {
  let smtp: TestSmtp;
  let server: TestServer;
  let second: TestServer;
  let coop: TestCooperative;
  let members: TestMember[];

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    const env = { REMINDER_INTERVAL_MS: '200', REMINDER_LEAD_HOURS: '24', SMTP_URL: smtp.url, MAIL_FROM: 'Tetrad <no-reply@example.org>', MAIL_RETRY_DELAY_SECONDS: '1' };
    server = await TestServer.start(env);
    second = await TestServer.start(env);
    coop = await createCooperative(server);
    members = await Promise.all([1, 2, 3].map(() => addMember(server, coop)));
    await Promise.all(members.map((m) => labour(server, coop, m.id, '1')));
  });
  afterAll(async () => {
    await second.close();
    await server.close();
    await smtp.stop();
  });

  /** Waits until `count` messages match, then a little longer, so a duplicate would have time to arrive. */
  async function settled(subject: string, count: number) {
    const deadline = Date.now() + 30_000;
    while (smtp.withSubject(subject).length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return smtp.withSubject(subject);
  }

  it('mails each member who has not voted on a proposal closing within 24 hours, once, and no one about a later one', async () => {
    // It enters the 24-hour window a few seconds from now, after members[0] has voted (a vote racing its reminder may get both).
    const soon = await createProposal(server, coop, { title: 'Closing soon', closesAt: inSeconds(24 * 3600 + 4) });
    await createProposal(server, coop, { title: 'Closing later', closesAt: inSeconds(48 * 3600) });
    await vote(server, members[0], soon, 'YES');
    expect(smtp.withSubject('Closing soon')).toEqual([]);
    const sent = await settled('Closing soon', 2);
    expect(sent.map((mail) => mail.to[0]).sort()).toEqual([members[1].user.email, members[2].user.email].map((e) => e.toLowerCase()).sort());
    expect(sent[0].raw).toContain(soon);
    expect(smtp.withSubject('Closing later')).toEqual([]);
  });

  it('mails a licensee once about each invoice that is due, and once about each past the grace days', async () => {
    const email = `acme-${coop.slug}@example.org`;
    const { registerLicensee } = await server.request<{ registerLicensee: { id: string } }>(
      `mutation ($input: RegisterLicenseeInput!) { registerLicensee(input: $input) { id } }`,
      { input: { cooperativeId: coop.id, name: 'Acme Ltd', email, use: 'COMMERCIAL' } },
      coop.admin.token,
    );
    const { registerWork } = await server.request<{ registerWork: { id: string } }>(`mutation ($input: RegisterWorkInput!) { registerWork(input: $input) { id } }`, { input: { cooperativeId: coop.id, title: 'OpenHouse' } }, coop.admin.token);
    const now = new Date();
    const monthStart = (back: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 10);
    await server.request(
      `mutation ($input: GrantLicenseInput!) { grantCommercialLicense(input: $input) { id } }`,
      { input: { licenseeId: registerLicensee.id, workId: registerWork.id, fee: { period: 'MONTHLY', amount: '250.00' }, startsOn: monthStart(2) } },
      coop.admin.token,
    );
    const { issueInvoices } = await server.request<{ issueInvoices: { period: string; dueOn: string }[] }>(
      `mutation ($input: IssueInvoicesInput!) { issueInvoices(input: $input) { period dueOn } }`,
      { input: { cooperativeId: coop.id, through: now.toISOString().slice(0, 10) } },
      coop.admin.token,
    );
    expect(issueInvoices).toHaveLength(3);
    // Grace is 30 days under the default bylaws: an invoice is overdue the day after due date + 30.
    const today = now.toISOString().slice(0, 10);
    const overdue = issueInvoices.filter((i) => new Date(`${i.dueOn}T00:00:00Z`).getTime() + 30 * 86_400_000 < new Date(`${today}T00:00:00Z`).getTime());
    const due = issueInvoices.filter((i) => !overdue.includes(i));
    const overdueMail = (await settled('Overdue: invoice', overdue.length)).filter((m) => m.to.includes(email));
    const dueMail = (await settled(' is due', due.length)).filter((m) => m.to.includes(email));
    expect(overdueMail.map((m) => /^Subject: .*invoice (\S+) from/m.exec(m.raw)![1]).sort()).toEqual(overdue.map((i) => i.period).sort());
    expect(dueMail.map((m) => /^Subject: Invoice (\S+) from/m.exec(m.raw)![1]).sort()).toEqual(due.map((i) => i.period).sort());
  });

  it("mails each coordinator once on the review date of a proposal's outcome statement", async () => {
    const id = await createProposal(server, coop, { title: 'Review me' });
    await server.request(`mutation ($id: ID!) { closeProposal(id: $id) { id } }`, { id }, coop.admin.token);
    const today = new Date().toISOString().slice(0, 10);
    await server.request(
      `mutation ($input: OutcomeStatementInput!) { recordOutcomeStatement(input: $input) { recordedAt } }`,
      { input: { proposalId: id, statement: 'We bought the oven.', reviewOn: today } },
      coop.admin.token,
    );
    const sent = await settled('Review due: Review me', 1);
    expect(sent.map((m) => m.to)).toEqual([[coop.admin.email.toLowerCase()]]);
    expect(sent[0].raw).toContain('We bought the oven.');
  });
});
