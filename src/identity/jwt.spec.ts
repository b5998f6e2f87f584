import { signToken, verifyToken } from './jwt';

const SECRET = 'unit-test-secret-unit-test-secret-0000';

describe('tokens', () => {
  it('round-trips the subject until expiry', () => {
    const now = Date.UTC(2026, 0, 1);
    const { token, expiresAt } = signToken('user-1', SECRET, 3600, now);
    expect(expiresAt.toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect(verifyToken(token, SECRET, now + 3599_000)).toEqual({ subject: 'user-1' });
    expect(verifyToken(token, SECRET, now + 3600_000)).toEqual({ problem: 'Token expired; log in again' });
  });

  it('refuses a token signed with another secret or tampered with', () => {
    const { token } = signToken('user-1', SECRET, 3600);
    expect(verifyToken(token, 'another-secret-another-secret-000000')).toEqual({ problem: 'Invalid token' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'admin', iat: 0, exp: 9e9 })).toString('base64url');
    expect(verifyToken(`${header}.${forged}.${signature}`, SECRET)).toEqual({ problem: 'Invalid token' });
    expect(verifyToken('not-a-token', SECRET)).toEqual({ problem: 'Malformed token' });
  });
});
