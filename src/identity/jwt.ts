import { createHmac, timingSafeEqual } from 'node:crypto';

/** Minimal HS256 JSON Web Tokens: a subject and an expiry, nothing else. */
interface Claims {
  sub: string;
  iat: number;
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function sign(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

export function signToken(subject: string, secret: string, ttlSeconds: number, now = Date.now()): { token: string; expiresAt: Date } {
  const iat = Math.floor(now / 1000);
  const claims: Claims = { sub: subject, iat, exp: iat + ttlSeconds };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return { token: `${HEADER}.${payload}.${sign(`${HEADER}.${payload}`, secret)}`, expiresAt: new Date(claims.exp * 1000) };
}

/** The token's subject, or why it is not acceptable. */
export function verifyToken(token: string, secret: string, now = Date.now()): { subject: string } | { problem: string } {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return { problem: 'Malformed token' };
  const expected = Buffer.from(sign(`${parts[0]}.${parts[1]}`, secret));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { problem: 'Invalid token' };
  let claims: Partial<Claims>;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Partial<Claims>;
  } catch {
    return { problem: 'Malformed token' };
  }
  if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return { problem: 'Malformed token' };
  if (claims.exp * 1000 <= now) return { problem: 'Token expired; log in again' };
  return { subject: claims.sub };
}
