import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from 'src/common/errors/domain-error';

export enum TokenPurpose {
  VERIFY_EMAIL = 'VERIFY_EMAIL',
  MEMBER_INVITATION = 'MEMBER_INVITATION',
  LICENSEE_INVITATION = 'LICENSEE_INVITATION',
  PASSWORD_RESET = 'PASSWORD_RESET',
}

/** How long each kind of link stays valid. */
export const TOKEN_LIFETIME_SECONDS: Record<TokenPurpose, number> = {
  [TokenPurpose.VERIFY_EMAIL]: 48 * 3600,
  [TokenPurpose.MEMBER_INVITATION]: 14 * 24 * 3600,
  [TokenPurpose.LICENSEE_INVITATION]: 14 * 24 * 3600,
  [TokenPurpose.PASSWORD_RESET]: 3600,
};

export interface ActionToken {
  id: string;
  email: string;
  userId: string | null;
  subjectId: string | null;
}

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export interface TokenGrant {
  email: string;
  userId?: string | null;
  subjectId?: string | null;
}

/**
 * Issues single-use, expiring tokens for links in mail; only their SHA-256 is stored. Returns the
 * tokens in the order of the grants.
 */
export async function issueTokens(manager: EntityManager, purpose: TokenPurpose, grants: TokenGrant[]): Promise<string[]> {
  const tokens = grants.map(() => randomBytes(32).toString('base64url'));
  if (!grants.length) return tokens;
  await manager.query(
    `INSERT INTO action_tokens (purpose, token_hash, email, user_id, subject_id, expires_at)
     SELECT $1, h, e, u, s, now() + make_interval(secs => $2) FROM unnest($3::bytea[], $4::text[], $5::uuid[], $6::uuid[]) AS t(h, e, u, s)`,
    [purpose, TOKEN_LIFETIME_SECONDS[purpose], tokens.map(hashOf), grants.map((g) => g.email), grants.map((g) => g.userId ?? null), grants.map((g) => g.subjectId ?? null)],
  );
  return tokens;
}

/**
 * Uses a token up, in the caller's transaction: it must exist, be for this purpose, be unused and
 * unexpired. Two concurrent uses of one token serialise on the row, and only one succeeds.
 */
export async function consumeToken(manager: EntityManager, purpose: TokenPurpose, token: string): Promise<ActionToken> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw invalidLink();
  // TypeORM answers an UPDATE with [rows, rowCount].
  const [[row]] = await manager.query<[ActionToken[], number]>(
    `UPDATE action_tokens SET used_at = now()
      WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
      RETURNING id, email, user_id AS "userId", subject_id AS "subjectId"`,
    [hashOf(token), purpose],
  );
  if (!row) throw invalidLink();
  return row;
}

/** Ends the still-unused tokens of a kind for one subject (a re-sent invitation replaces the old link). */
export async function retireTokens(manager: EntityManager, purpose: TokenPurpose, where: { subjectId?: string; userId?: string }): Promise<void> {
  if (where.subjectId) await manager.query(`UPDATE action_tokens SET used_at = now() WHERE purpose = $1 AND subject_id = $2 AND used_at IS NULL`, [purpose, where.subjectId]);
  if (where.userId) await manager.query(`UPDATE action_tokens SET used_at = now() WHERE purpose = $1 AND user_id = $2 AND used_at IS NULL`, [purpose, where.userId]);
}

function invalidLink(): DomainError {
  return new DomainError(ErrorCode.NOT_FOUND, 'This link is not valid: it may have expired or already been used. Ask for a new one.');
}
