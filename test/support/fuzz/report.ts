import { TestServer } from '../harness';
import { FuzzCase } from './operations';

/** The server's log of a crash, found by the request id its message names. */
export function loggedCause(server: TestServer, message: string): string {
  const requestId = /request ([0-9a-f-]{36})/.exec(message)?.[1];
  const line = requestId && server.logs.find((entry) => entry.includes(requestId) && entry.includes(`"err":`));
  if (!line) return '';
  try {
    const { err } = JSON.parse(line) as { err?: { type?: string; code?: string; message?: string } };
    return err ? `\n  logged: ${err.type ?? ''} ${err.code ?? ''} ${shorten(err.message ?? '', 200)}` : '';
  } catch {
    return `\n  logged: ${line.slice(0, 300)}`;
  }
}

export const shorten = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);
export const describeCase = (fuzzCase: FuzzCase) => `${fuzzCase.operation} ${fuzzCase.root}${fuzzCase.inline ? ' (inline literals)' : ''}\n  document: ${shorten(fuzzCase.document)}\n  variables: ${shorten(JSON.stringify(fuzzCase.variables))}`;
