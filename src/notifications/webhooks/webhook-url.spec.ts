import { eventType, webhookUrlProblem } from './webhook-url';

describe('webhook URLs', () => {
  it('takes http and https URLs without credentials', () => {
    expect(webhookUrlProblem('https://hooks.example.org/tetrad', false)).toBeUndefined();
    expect(webhookUrlProblem('ftp://example.org', true)).toBe('must be an http:// or https:// URL');
    expect(webhookUrlProblem('https://user:pw@example.org', true)).toBe('must not carry credentials');
    expect(webhookUrlProblem('not a url', true)).toBe('is not a URL');
  });

  it.each(['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://10.1.2.3', 'http://192.168.0.1', 'http://172.20.0.1', 'http://169.254.169.254/latest', 'http://[::1]/', 'http://[fd00::1]/'])(
    'refuses the private address %s unless allowed',
    (url) => {
      expect(webhookUrlProblem(url, false)).toMatch(/private/);
      expect(webhookUrlProblem(url, true)).toBeUndefined();
    },
  );

  it('names events in dotted lower case', () => {
    expect(eventType('PROPOSAL_CLOSED')).toBe('proposal.closed');
    expect(eventType('LICENSEE_ACCOUNT_LINKED')).toBe('licensee.account_linked');
  });
});
