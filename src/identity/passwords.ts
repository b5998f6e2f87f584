import { hash, verify } from '@node-rs/argon2';

/** Argon2id with OWASP's minimum parameters (19 MiB, 2 passes). */
const OPTIONS = { memoryCost: 19456, timeCost: 2 };

export const hashPassword = (password: string) => hash(password, OPTIONS);

/** Verified against when the account is unknown, so both failures take the same time. */
const decoy = hash('decoy password for timing', OPTIONS);

export async function passwordMatches(storedHash: string | undefined, password: string): Promise<boolean> {
  const valid = await verify(storedHash ?? (await decoy), password);
  return storedHash !== undefined && valid;
}
