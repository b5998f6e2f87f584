import { DomainError } from 'src/common/errors/domain-error';
import { problemLine, refusedPage, tokenField } from './common.views';
import { escapeHtml } from './html';
import { PageView } from './page-reply';
import { linkIsSpent, statusOf } from './refusals';

/** What differs between the member and the licensee invitation pages. */
export interface InvitationKind {
  path: string;
  title: string;
  intro: string;
}

export const MEMBER_INVITATION: InvitationKind = {
  path: '/accept-invitation',
  title: 'Accept your invitation',
  intro: 'You have been invited to become a member of a cooperative.',
};

export const LICENSEE_INVITATION: InvitationKind = {
  path: '/accept-licensee-invitation',
  title: 'Link your licensee account',
  intro: "A cooperative invites you to manage a licensee's agreements, invoices and payments.",
};

export interface InvitationForm {
  token: string;
  email: string;
  password: string;
}

/** `devTools`: GraphiQL is served (development), so the page can point at it for signing up. */
export function invitationForm(kind: InvitationKind, devTools: boolean, form: Pick<InvitationForm, 'token' | 'email'>, refusal?: DomainError): PageView {
  const signUp = devTools ? 'sign up first (the <code>signUp</code> mutation in <a href="/graphiql">GraphiQL</a>)' : 'sign up first';
  return {
    status: refusal ? statusOf(refusal) : 200,
    title: kind.title,
    body: `${problemLine(refusal)}<p>${escapeHtml(kind.intro)} Log in with the account of the address the invitation was sent to.</p>
<p>That account must exist and its address must be confirmed. If you have none yet, ${signUp} with that address, open the confirmation link we mail you, then come back to this link.</p>
<form method="post" action="${kind.path}">${tokenField(form.token)}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" value="${escapeHtml(form.email)}" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in and accept</button></form>`,
  };
}

/** A refused log-in or acceptance: the form again (another account may succeed) unless the link is spent. */
export function invitationRefused(kind: InvitationKind, devTools: boolean, form: InvitationForm, refusal: DomainError): PageView {
  return linkIsSpent(refusal) ? refusedPage(kind.title, refusal) : invitationForm(kind, devTools, form, refusal);
}

export function memberWelcome(cooperativeName: string): PageView {
  return { status: 200, title: 'Welcome', body: `<p class="ok" role="status">You are now a member of ${escapeHtml(cooperativeName)}.</p>` };
}

export function licenseeLinked(licenseeName: string, cooperativeName: string): PageView {
  return {
    status: 200,
    title: 'Licensee account linked',
    body: `<p class="ok" role="status">Your account now manages the licensee ${escapeHtml(licenseeName)} of ${escapeHtml(cooperativeName)}.</p>`,
  };
}
