import { createSigner, createVerifier, TokenError } from 'fast-jwt';

export interface AccessClaims {
  sub: string;
  /** The user's token version when the token was issued; raising the version ends every earlier token. */
  ver: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Signs HS256 access tokens (fast-jwt). `clockTimestamp` is for tests and benchmarks. */
export function accessTokenSigner(secret: string, ttlSeconds: number, clockTimestamp?: number): (claims: AccessClaims) => string {
  return createSigner({ key: secret, algorithm: 'HS256', expiresIn: ttlSeconds * 1000, clockTimestamp });
}

/** Checks an access token's signature, expiry and claims; no database involved. */
export function accessTokenReader(secret: string): (token: string) => (AccessClaims & { exp: number }) | { problem: string } {
  // Verified tokens are cached (bounded, never past their expiry), so a client's repeated requests skip the HMAC and decoding.
  const verify = createVerifier({ key: secret, algorithms: ['HS256'], requiredClaims: ['sub', 'ver', 'exp'], cache: 10_000 });
  return (token) => {
    let claims: AccessClaims & { exp: number };
    try {
      claims = verify(token) as AccessClaims & { exp: number };
    } catch (error) {
      if (error instanceof TokenError && error.code === TokenError.codes.expired) return { problem: 'Token expired; log in again' };
      return { problem: 'Invalid token' };
    }
    if (typeof claims.sub !== 'string' || !UUID.test(claims.sub) || !Number.isInteger(claims.ver)) return { problem: 'Invalid token' };
    return claims;
  };
}
