import Fastify from 'fastify';
import { createVerifier } from 'fast-jwt';
import mercurius, { MercuriusContext } from 'mercurius';
import { Pool } from 'pg';
import { VOTE_CONTEXT, VoteContext, WRITE_NAMED_BALLOT } from 'src/governance/vote-statements';

/**
 * The baseline of the cast-vote benchmark: a bare Fastify + Mercurius + pg handler that verifies the
 * same bearer token and runs exactly Tetrad's vote statements (BEGIN, VOTE_CONTEXT, WRITE_NAMED_BALLOT,
 * COMMIT) with the same checks, and nothing else: no Nest, no validation classes, no limits, no logs.
 * Started by bench/cast-vote.bench.ts with DATABASE_URL and JWT_SECRET; prints its address.
 */
const CLASS_BITS: Record<string, number> = { FOUNDER: 1, FUNDER: 2, WORKER: 4, USER: 8 };

const schema = `
  enum Choice { YES NO ABSTAIN BLOCK }
  input CastVoteInput { proposalId: ID! choice: Choice reason: String }
  type Ballot { id: ID! choice: Choice reason: String castAt: String! }
  type Query { ok: Boolean }
  type Mutation { castVote(input: CastVoteInput!): Ballot! }`;

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const verify = createVerifier({ key: process.env.JWT_SECRET!, algorithms: ['HS256'] });
  const app = Fastify({ logger: false });
  await app.register(mercurius, {
    schema,
    jit: 1,
    context: (request) => ({ authorization: request.headers.authorization ?? '' }),
    resolvers: {
      Mutation: {
        castVote: async (_root: unknown, { input }: { input: { proposalId: string; choice: string; reason?: string } }, context: MercuriusContext) => {
          const authorization = (context as MercuriusContext & { authorization: string }).authorization;
          const { sub } = verify(authorization.replace(/^Bearer /, '')) as { sub: string };
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            const { rows } = await client.query<VoteContext>(VOTE_CONTEXT, [input.proposalId, sub]);
            const vote = rows[0];
            const now = new Date();
            if (!vote?.memberId || !vote.classes || vote.closedAt || vote.closesAt <= now || vote.opensAt > now || !vote.snapshotTaken) throw new Error('refused');
            const mask = vote.classes.reduce((bits, c) => bits | CLASS_BITS[c], 0);
            const written = await client.query(WRITE_NAMED_BALLOT, [input.proposalId, vote.memberId, mask, input.choice, input.reason?.trim() || null, null, null]);
            await client.query('COMMIT');
            const ballot = written.rows[0] as { castAt: Date };
            return { ...ballot, castAt: ballot.castAt.toISOString() };
          } catch (error) {
            await client.query('ROLLBACK');
            throw error;
          } finally {
            client.release();
          }
        },
      },
    },
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`listening ${url}\n`);
}

void main();
