import { DomainError } from 'src/common/errors/domain-error';
import { escapeHtml } from './html';
import { PageView } from './page-reply';
import { statusOf } from './refusals';

/** The token goes back to the server in a hidden field only: it is never shown or put in a link. */
export const tokenField = (token: string): string => `<input type="hidden" name="token" value="${escapeHtml(token)}">`;

export const problemLine = (refusal?: DomainError): string => (refusal ? `<p class="error" role="alert">${escapeHtml(refusal.message)}</p>` : '');

/** A GET without a token: the link was cut short on its way (a mail program wrapping it, say). */
export function incompleteLink(): PageView {
  return {
    status: 400,
    title: 'This link is incomplete',
    body: '<p>The link you opened ends before its code. Open the whole link from the mail; if your mail program broke it over two lines, copy all of it into the address bar.</p>',
  };
}

/** A refusal shown on its own, with no form: retrying the same link cannot help. */
export function refusedPage(title: string, refusal: DomainError): PageView {
  return { status: statusOf(refusal), title, body: `${problemLine(refusal)}<p>If you need a new link, ask for one to be sent again.</p>` };
}

export function unexpectedError(requestId: string): PageView {
  return {
    status: 500,
    title: 'Something went wrong',
    body: `<p class="error">We could not complete this, and nothing was changed by it. Please try again later; if it keeps failing, quote the reference <code>${escapeHtml(requestId)}</code>.</p>`,
  };
}

/** Renders a GET of a link page: the form when the link has a token, an explanation when it has none. */
export const formFor = (token: string, form: (token: string) => PageView): PageView => (token ? form(token) : incompleteLink());
