import { DomainError } from 'src/common/errors/domain-error';
import { User } from 'src/identity/user.entity';
import { refusedPage, tokenField } from './common.views';
import { escapeHtml } from './html';
import { PageView } from './page-reply';

const TITLE = 'Confirm your email address';

/** A button, not an automatic confirmation: mail scanners open links, and must not use them up. */
export function verifyEmailForm(token: string): PageView {
  return {
    status: 200,
    title: TITLE,
    body: `<p>Confirm that this email address is yours.</p>
<form method="post" action="/verify-email">${tokenField(token)}<button type="submit">Confirm my address</button></form>`,
  };
}

export function emailVerified(user: User): PageView {
  return {
    status: 200,
    title: 'Address confirmed',
    body: `<p class="ok" role="status">Your address ${escapeHtml(user.email)} is confirmed.</p><p>You can now accept invitations sent to it.</p>`,
  };
}

export const emailNotVerified = (refusal: DomainError): PageView => refusedPage(TITLE, refusal);
