import { DomainError, ErrorCode } from 'src/common/errors/domain-error';
import { LogInInput, ResetPasswordArgs } from 'src/identity/dto/identity.inputs';
import { assertValid, fieldOf, FormFields } from './form-fields';
import { InvitationForm } from './invitation.views';

export function readInvitationForm(body: FormFields): InvitationForm {
  return { token: fieldOf(body, 'token'), email: fieldOf(body, 'email'), password: fieldOf(body, 'password') };
}

/** The log-in part of an invitation form, checked as the logIn mutation's input would be. */
export async function logInInput(form: InvitationForm): Promise<LogInInput> {
  const input = Object.assign(new LogInInput(), { email: form.email, password: form.password });
  await assertValid(input, { email: 'Email', password: 'Password' });
  return input;
}

export interface NewPasswordForm {
  token: string;
  newPassword: string;
  repeatPassword: string;
}

export function readNewPasswordForm(body: FormFields): NewPasswordForm {
  return { token: fieldOf(body, 'token'), newPassword: fieldOf(body, 'newPassword'), repeatPassword: fieldOf(body, 'repeatPassword') };
}

/** The resetPassword mutation's rules, and the page's own: the password typed twice alike. */
export async function assertNewPassword(form: NewPasswordForm): Promise<void> {
  await assertValid(Object.assign(new ResetPasswordArgs(), { token: form.token, newPassword: form.newPassword }), { token: 'The link', newPassword: 'The new password' });
  if (form.newPassword !== form.repeatPassword) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'The two passwords differ: type the same new password in both fields');
}
