import { accessTokenReader, accessTokenSigner } from './access-token';

const SECRET = 'unit-test-secret-unit-test-secret-0000';
const USER = '0b6f4c1e-8f0a-4e55-9d3e-2f1a7c9b5d10';

describe('access tokens', () => {
  const read = accessTokenReader(SECRET);

  it('carries the user and the token version until it expires', () => {
    const token = accessTokenSigner(SECRET, 3600)({ sub: USER, ver: 3 });
    expect(read(token)).toMatchObject({ sub: USER, ver: 3 });
    const expired = accessTokenSigner(SECRET, 60, Date.now() - 2 * 3600_000)({ sub: USER, ver: 0 });
    expect(read(expired)).toEqual({ problem: 'Token expired; log in again' });
  });

  it('refuses another secret, tampering, other algorithms and missing claims', () => {
    const token = accessTokenSigner(SECRET, 3600)({ sub: USER, ver: 0 });
    expect(read(accessTokenSigner('another-secret-another-secret-000000', 3600)({ sub: USER, ver: 0 }))).toEqual({ problem: 'Invalid token' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: USER, ver: 0, iat: 0, exp: 9e9 })).toString('base64url');
    expect(read(`${header}.${forged}.${signature}`)).toEqual({ problem: 'Invalid token' });
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${forged}.`;
    expect(read(unsigned)).toEqual({ problem: 'Invalid token' });
    expect(read(accessTokenSigner(SECRET, 3600)({ sub: 'not-a-uuid', ver: 0 }))).toEqual({ problem: 'Invalid token' });
    expect(read('not-a-token')).toEqual({ problem: 'Invalid token' });
  });
});
