import { DomainError } from 'src/common/errors/domain-error';
import { problemLine, refusedPage, tokenField } from './common.views';
import { PageView } from './page-reply';
import { linkIsSpent, statusOf } from './refusals';

const TITLE = 'Choose a new password';

export function resetPasswordForm(token: string, refusal?: DomainError): PageView {
  return {
    status: refusal ? statusOf(refusal) : 200,
    title: TITLE,
    body: `${problemLine(refusal)}<p>Choose a new password of at least 10 characters.</p>
<form method="post" action="/reset-password">${tokenField(token)}
<label for="newPassword">New password</label><input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required>
<label for="repeatPassword">New password again</label><input id="repeatPassword" name="repeatPassword" type="password" autocomplete="new-password" required>
<button type="submit">Set my new password</button></form>`,
  };
}

export function passwordChanged(): PageView {
  return {
    status: 200,
    title: 'Password changed',
    body: '<p class="ok" role="status">Your password has been changed.</p><p>Every earlier session has ended: log in again with the new password wherever you use Tetrad.</p>',
  };
}

export const passwordNotChanged = (token: string, refusal: DomainError): PageView => (linkIsSpent(refusal) ? refusedPage(TITLE, refusal) : resetPasswordForm(token, refusal));
