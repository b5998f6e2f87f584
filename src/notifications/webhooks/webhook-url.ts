import { isIP } from 'node:net';

/** Loopback, private, link-local and unspecified addresses (IPv4 and IPv6), and localhost names. */
function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (isIP(host) === 6) return host === '::' || host === '::1' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith('::ffff:');
  return false;
}

/** Why a webhook URL is refused, or undefined: http(s) only, no credentials, and in production no private addresses unless allowed. */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http:// or https:// URL';
  if (url.username || url.password) return 'must not carry credentials';
  if (!allowPrivate && isPrivateHost(url.hostname)) return 'must not point at a loopback or private address (WEBHOOK_ALLOW_PRIVATE_URLS)';
  return undefined;
}

/** The Standard Webhooks event type of an audited action: PROPOSAL_CLOSED is "proposal.closed". */
export function eventType(action: string): string {
  return action.toLowerCase().replace('_', '.');
}
