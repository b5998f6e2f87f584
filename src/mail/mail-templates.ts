/** The text of each mail Tetrad sends. Links point at the small pages under the server's public URL. */
export interface MailContent {
  subject: string;
  text: string;
}

const footer = '\n\nIf you did not expect this message, you can ignore it.\n-- Tetrad';

export function verificationMail(baseUrl: string, token: string, hours: number): MailContent {
  return {
    subject: 'Confirm your email address',
    text: `Confirm that this address is yours by opening this link within ${hours} hours:\n\n${baseUrl}/verify-email?token=${token}${footer}`,
  };
}

export function memberInvitationMail(baseUrl: string, token: string, cooperativeName: string, days: number): MailContent {
  return {
    subject: `You are invited to join ${cooperativeName}`,
    text:
      `You have been invited to become a member of ${cooperativeName}.\n\n` +
      `Accept within ${days} days, logged in with a verified account for this address:\n\n${baseUrl}/accept-invitation?token=${token}${footer}`,
  };
}

export function licenseeInvitationMail(baseUrl: string, token: string, licenseeName: string, cooperativeName: string, days: number): MailContent {
  return {
    subject: `Your licensee account with ${cooperativeName}`,
    text:
      `${cooperativeName} invites you to manage the licensee "${licenseeName}": its agreements, invoices and payments.\n\n` +
      `Accept within ${days} days, logged in with a verified account for this address:\n\n${baseUrl}/accept-licensee-invitation?token=${token}${footer}`,
  };
}

export function passwordResetMail(baseUrl: string, token: string, minutes: number): MailContent {
  return {
    subject: 'Reset your password',
    text: `Someone asked to reset the password of the account with this address. Choose a new password within ${minutes} minutes:\n\n${baseUrl}/reset-password?token=${token}${footer}`,
  };
}

export function voteReminderMail(proposal: { id: string; title: string; closesAt: Date }, cooperativeName: string): MailContent {
  return {
    subject: `Vote before ${proposal.closesAt.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${proposal.title}`,
    text:
      `The proposal "${proposal.title}" of ${cooperativeName} closes at ${proposal.closesAt.toISOString()} and you have not voted yet.\n\n` +
      `Cast your ballot with the castVote mutation (proposal id ${proposal.id}), or ABSTAIN to be counted for the quorum.\n\n-- Tetrad`,
  };
}

interface InvoiceReminder {
  licenseeName: string;
  cooperativeName: string;
  period: string;
  amount: string;
  outstanding: string;
  currency: string;
  dueOn: string;
}

export function invoiceDueMail(invoice: InvoiceReminder): MailContent {
  return {
    subject: `Invoice ${invoice.period} from ${invoice.cooperativeName} is due`,
    text:
      `${invoice.licenseeName}: the invoice for ${invoice.period} (${invoice.amount} ${invoice.currency}) was due on ${invoice.dueOn}; ` +
      `${invoice.outstanding} ${invoice.currency} is still open.\n\n-- Tetrad`,
  };
}

export function invoiceOverdueMail(invoice: InvoiceReminder & { graceDays: number }): MailContent {
  return {
    subject: `Overdue: invoice ${invoice.period} from ${invoice.cooperativeName}`,
    text:
      `${invoice.licenseeName}: the invoice for ${invoice.period} (${invoice.amount} ${invoice.currency}), due on ${invoice.dueOn}, is more than ` +
      `${invoice.graceDays} days late; ${invoice.outstanding} ${invoice.currency} is still open. A commercial licence is suspended when an invoice stays unpaid ` +
      `past the suspension period.\n\n-- Tetrad`,
  };
}

export function outcomeReviewMail(proposal: { id: string; title: string; statement: string; reviewOn: string }, cooperativeName: string): MailContent {
  return {
    subject: `Review due: ${proposal.title}`,
    text:
      `${cooperativeName} decided on "${proposal.title}" and set ${proposal.reviewOn} to review it. The outcome statement reads:\n\n` +
      `${proposal.statement}\n\nRecord a new statement with recordOutcomeStatement (proposal id ${proposal.id}) when you have reviewed it.\n\n-- Tetrad`,
  };
}
