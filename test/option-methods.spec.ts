import { randomUUID } from 'node:crypto';
import { parseBlt } from 'src/governance/blt';
import { accessTokenSigner } from 'src/identity/access-token';
import { expectCode, TestServer, TEST_JWT_SECRET } from './support/harness';
import { createCooperative, TestCooperative } from './support/factories';
import { CLOSE_PROPOSAL, inSeconds } from './support/governance';

type ClassName = 'FOUNDER' | 'FUNDER' | 'WORKER' | 'USER';
interface Voter {
  memberId: string;
  token: string;
}

const UNIT_KIND: Record<ClassName, string> = { FOUNDER: 'FOUNDING', FUNDER: 'CAPITAL', WORKER: 'LABOUR', USER: 'PATRONAGE' };
const sign = accessTokenSigner(TEST_JWT_SECRET, 3600);

/** `n` members holding units of `cls`, written in SQL through the register (as the benchmarks seed), each with a token. */
async function seedVoters(server: TestServer, coop: TestCooperative, cls: ClassName, n: number): Promise<Voter[]> {
  const tag = randomUUID().slice(0, 8);
  const users = await server.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, display_name, email_verified_at) SELECT $1 || g || '@example.org', 'x', 'Voter ' || g, now() FROM generate_series(1, $2) g RETURNING id`,
    [`voter-${tag}-`, n],
  );
  const members = await server.query<{ id: string; userId: string }>(
    `INSERT INTO members (cooperative_id, user_id, roles) SELECT $1, u, ARRAY['MEMBER'] FROM unnest($2::uuid[]) u RETURNING id, user_id AS "userId"`,
    [coop.id, users.map((u) => u.id)],
  );
  await server.query(
    `INSERT INTO unit_entries (cooperative_id, member_id, stakeholder_class, kind, units, hours, amount)
     SELECT $1, m, $2, $3, 1, CASE WHEN $3 = 'LABOUR' THEN 1 END, CASE WHEN $3 IN ('CAPITAL', 'PATRONAGE') THEN 1 END FROM unnest($4::uuid[]) m`,
    [coop.id, cls, UNIT_KIND[cls], members.map((m) => m.id)],
  );
  return members.map((m) => ({ memberId: m.id, token: sign({ sub: m.userId, ver: 0 }) }));
}

const CREATE = `mutation ($input: CreateProposalInput!) { createProposal(input: $input) { id options { id label position } } }`;
const VOTE = `mutation ($input: CastVoteInput!) { castVote(input: $input) { id choice optionIds ranking scores { optionId score } allocations { optionId amount } } }`;
const TALLY = `query ($id: ID!) { proposal(id: $id) { status outcome tally {
  winnerId outcome final
  options { option { id label } shareExact copelandScore classes { class share ballots } }
  rounds { round eliminatedId tieBrokenByOrder shares { optionId shareExact } }
  pairwise { aId bId marginExact } } } }`;

interface TallyResult {
  proposal: {
    status: string;
    outcome: string | null;
    tally: {
      winnerId: string | null;
      outcome: string;
      options: { option: { id: string; label: string }; shareExact: string; copelandScore: string | null; classes: { class: string; share: string | null; ballots: number }[] }[];
      rounds: { round: number; eliminatedId: string | null; tieBrokenByOrder: boolean; shares: { optionId: string; shareExact: string }[] }[] | null;
      pairwise: { aId: string; bId: string; marginExact: string }[] | null;
    };
  };
}

async function inBatches<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += 50) await Promise.all(items.slice(i, i + 50).map(work));
}

describe('option methods through the API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server.close());

  async function proposal(coop: TestCooperative, method: string, options: string[], extra: Record<string, unknown> = {}) {
    const { createProposal } = await server.request<{ createProposal: { id: string; options: { id: string; label: string; position: number }[] } }>(
      CREATE,
      { input: { cooperativeId: coop.id, title: `${method} vote`, body: 'Which one?', kind: 'ORDINARY', method, options, closesAt: inSeconds(3600), ...extra } },
      coop.admin.token,
    );
    const byLabel = Object.fromEntries(createProposal.options.map((o) => [o.label, o.id]));
    return { id: createProposal.id, options: createProposal.options, byLabel };
  }

  async function closedTally(coop: TestCooperative, id: string) {
    await server.request(CLOSE_PROPOSAL, { id }, coop.admin.token);
    return (await server.request<TallyResult>(TALLY, { id }, coop.admin.token)).proposal;
  }

  describe('worked example V3 (Tennessee)', () => {
    const CITIES = ['Memphis', 'Nashville', 'Chattanooga', 'Knoxville'];
    const GROUPS: [number, string[]][] = [
      [42, ['Memphis', 'Nashville', 'Chattanooga', 'Knoxville']],
      [26, ['Nashville', 'Chattanooga', 'Knoxville', 'Memphis']],
      [15, ['Chattanooga', 'Knoxville', 'Nashville', 'Memphis']],
      [17, ['Knoxville', 'Chattanooga', 'Nashville', 'Memphis']],
    ];
    /** 100 voters of each given class; voter i of every class casts the i-th Tennessee ranking. */
    async function tennessee(classes: ClassName[], method: string, founderExtra = false) {
      const coop = await createCooperative(server);
      const voters = await Promise.all(classes.map((c) => seedVoters(server, coop, c, 100)));
      const founders = founderExtra ? await seedVoters(server, coop, 'FOUNDER', 2) : [];
      const p = await proposal(coop, method, CITIES);
      const rankings = GROUPS.flatMap(([n, ranking]) => Array.from({ length: n }, () => ranking));
      const ballot = (ranking: string[]) => (method === 'SINGLE_CHOICE' ? { optionIds: [p.byLabel[ranking[0]]] } : { ranking: ranking.map((city) => p.byLabel[city]) });
      await inBatches(voters.flatMap((group) => group.map((voter, i) => ({ voter, ranking: rankings[i] }))), ({ voter, ranking }) =>
        server.request(VOTE, { input: { proposalId: p.id, ...ballot(ranking) } }, voter.token),
      );
      await Promise.all(founders.map((f) => server.request(VOTE, { input: { proposalId: p.id, optionIds: [p.byLabel.Nashville] } }, f.token)));
      const closed = await closedTally(coop, p.id);
      const label = (id: string | null) => p.options.find((o) => o.id === id)?.label ?? null;
      return { id: p.id, coop, closed, label, shares: closed.tally.options.map((o) => [o.option.label, o.shareExact]) };
    }

    it('SINGLE_CHOICE: Memphis with S = 42/100', async () => {
      const { closed, label, shares } = await tennessee(['USER'], 'SINGLE_CHOICE');
      expect(closed.outcome).toBe('PASSED');
      expect(label(closed.tally.winnerId)).toBe('Memphis');
      expect(shares).toEqual([
        ['Memphis', '21/50'],
        ['Nashville', '13/50'],
        ['Chattanooga', '3/20'],
        ['Knoxville', '17/100'],
      ]);
      expect(closed.tally.options[0].classes.find((c) => c.class === 'USER')).toEqual({ class: 'USER', share: '0.42', ballots: 100 });
    });

    it('RANKED_CHOICE: Chattanooga out in round 1, Nashville in round 2, Knoxville wins with 58/100 in round 3', async () => {
      const { closed, label } = await tennessee(['USER'], 'RANKED_CHOICE');
      const rounds = closed.tally.rounds!;
      expect(rounds.map((r) => [r.round, label(r.eliminatedId), r.tieBrokenByOrder])).toEqual([
        [1, 'Chattanooga', false],
        [2, 'Nashville', false],
        [3, null, false],
      ]);
      expect(rounds[2].shares.map((s) => [label(s.optionId), s.shareExact])).toEqual([
        ['Memphis', '21/50'],
        ['Knoxville', '29/50'],
      ]);
      expect(label(closed.tally.winnerId)).toBe('Knoxville');
      expect(closed.outcome).toBe('PASSED');
    });

    it('exports a closed ranked proposal as a .blt file an auditor can recount: no voters, no classes', async () => {
      const { id, coop } = await tennessee(['USER'], 'RANKED_CHOICE');
      const { proposal: read } = await server.request<{ proposal: { blt: string } }>(`query ($id: ID!) { proposal(id: $id) { blt } }`, { id }, coop.admin.token);
      const blt = parseBlt(read.blt);
      expect([blt.options, blt.title, blt.labels]).toEqual([4, 'RANKED_CHOICE vote', CITIES]);
      expect(blt.rankings).toEqual([
        { n: 42, ranking: [0, 1, 2, 3] },
        { n: 26, ranking: [1, 2, 3, 0] },
        { n: 17, ranking: [3, 2, 1, 0] },
        { n: 15, ranking: [2, 3, 1, 0] },
      ]);
      expect(read.blt).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
    });

    it('CONDORCET: Nashville beats each of the others (58–42, 68–32, 68–32); Copeland 3, 2, 1, 0', async () => {
      const { closed, label } = await tennessee(['USER'], 'CONDORCET');
      const margin = (a: string, b: string) => closed.tally.pairwise!.find((m) => label(m.aId) === a && label(m.bId) === b)!.marginExact;
      expect([margin('Nashville', 'Memphis'), margin('Nashville', 'Chattanooga'), margin('Nashville', 'Knoxville')]).toEqual(['4/25', '9/25', '9/25']);
      expect(closed.tally.options.map((o) => [o.option.label, o.copelandScore])).toEqual([
        ['Memphis', '0'],
        ['Nashville', '3'],
        ['Chattanooga', '2'],
        ['Knoxville', '1'],
      ]);
      expect(label(closed.tally.winnerId)).toBe('Nashville');
    });

    it('the same 100 ballots copied into each of the four classes give the same winners and the same S values', async () => {
      for (const method of ['SINGLE_CHOICE', 'RANKED_CHOICE']) {
        const one = await tennessee(['USER'], method);
        const four = await tennessee(['FOUNDER', 'FUNDER', 'WORKER', 'USER'], method);
        expect([four.label(four.closed.tally.winnerId), four.shares]).toEqual([one.label(one.closed.tally.winnerId), one.shares]);
      }
    });

    it('2 FOUNDER voters choosing Nashville flip SINGLE_CHOICE to Nashville: 63/100, Memphis 21/100 (a head count picks Memphis, 42 of 102)', async () => {
      const { closed, label, shares } = await tennessee(['USER'], 'SINGLE_CHOICE', true);
      expect(shares.slice(0, 2)).toEqual([
        ['Memphis', '21/100'],
        ['Nashville', '63/100'],
      ]);
      expect(label(closed.tally.winnerId)).toBe('Nashville');
    });
  });

  describe('worked example V4 (WORKER 3 voters, USER 6 voters)', () => {
    let coop: TestCooperative;
    let workers: Voter[];
    let users: Voter[];
    beforeAll(async () => {
      coop = await createCooperative(server);
      workers = await seedVoters(server, coop, 'WORKER', 3);
      users = await seedVoters(server, coop, 'USER', 6);
    });

    it('APPROVAL: S(A) = 5/12, S(B) = 7/12, S(C) = 1/3, so B wins', async () => {
      const p = await proposal(coop, 'APPROVAL', ['A', 'B', 'C'], { classes: ['WORKER', 'USER'] });
      const sets = [...[['A', 'B'], ['A'], ['C']].map((s, i) => ({ voter: workers[i], s })), ...[['B'], ['B'], ['B', 'C'], ['C'], ['A', 'B'], ['B']].map((s, i) => ({ voter: users[i], s }))];
      await Promise.all(sets.map(({ voter, s }) => server.request(VOTE, { input: { proposalId: p.id, optionIds: s.map((o) => p.byLabel[o]) } }, voter.token)));
      const closed = await closedTally(coop, p.id);
      expect(closed.tally.options.map((o) => o.shareExact)).toEqual(['5/12', '7/12', '1/3']);
      expect(closed.tally.winnerId).toBe(p.byLabel.B);
    });

    it('QUADRATIC with 9 credits: S(A) = 1/4, S(B) = 3/5, S(C) = 3/20; A=3, B=1 costs 10 credits and is refused, writing nothing', async () => {
      const p = await proposal(coop, 'QUADRATIC', ['A', 'B', 'C'], { classes: ['WORKER', 'USER'], credits: 9 });
      const votes = (o: Record<string, number>) => Object.entries(o).map(([label, amount]) => ({ optionId: p.byLabel[label], amount }));
      const before = await server.counts(['ballots', 'ballot_history']);
      const refused = await expectCode(server.request(VOTE, { input: { proposalId: p.id, allocations: votes({ A: 3, B: 1 }) } }, workers[0].token), 'BAD_USER_INPUT');
      expect(refused.extensions?.fields?.[0]).toEqual({ field: 'allocations', message: 'these votes cost 10 credits (n votes cost n²); you have 9' });
      expect(await server.counts(['ballots', 'ballot_history'])).toEqual(before);
      const workerVotes: Record<string, number>[] = [{ A: 3 }, { A: 2, B: 2 }, { C: 3 }];
      const ballots = [...workerVotes.map((o, i) => ({ voter: workers[i], o })), ...users.map((voter) => ({ voter, o: { B: 3 } }))];
      await Promise.all(ballots.map(({ voter, o }) => server.request(VOTE, { input: { proposalId: p.id, allocations: votes(o) } }, voter.token)));
      const closed = await closedTally(coop, p.id);
      expect(closed.tally.options.map((o) => o.shareExact)).toEqual(['1/4', '3/5', '3/20']);
      expect(closed.tally.winnerId).toBe(p.byLabel.B);
    });
  });

  describe('ballots and proposals', () => {
    let coop: TestCooperative;
    let voters: Voter[];
    beforeAll(async () => {
      coop = await createCooperative(server);
      voters = await seedVoters(server, coop, 'WORKER', 4);
    });

    it('refuses each broken ballot with the field at fault and writes nothing', async () => {
      const approval = await proposal(coop, 'APPROVAL', ['A', 'B', 'C'], { maxChoices: 2 });
      const score = await proposal(coop, 'SCORE', ['A', 'B'], { maxScore: 3 });
      const dots = await proposal(coop, 'DOT_VOTE', ['A', 'B'], { dots: 5 });
      const ranked = await proposal(coop, 'RANKED_CHOICE', ['A', 'B']);
      const before = await server.counts(['ballots', 'ballot_history']);
      const cases: [string, Record<string, unknown>, string][] = [
        [approval.id, { optionIds: [approval.byLabel.A, approval.byLabel.B, approval.byLabel.C] }, 'optionIds'],
        [approval.id, { optionIds: [approval.byLabel.A, approval.byLabel.A] }, 'optionIds'],
        [approval.id, { optionIds: [randomUUID()] }, 'optionIds'],
        [approval.id, { choice: 'YES' }, 'choice'],
        [approval.id, { ranking: [approval.byLabel.A] }, 'ranking'],
        [score.id, { scores: [{ optionId: score.byLabel.A, score: 4 }, { optionId: score.byLabel.B, score: 0 }] }, 'scores'],
        [score.id, { scores: [{ optionId: score.byLabel.A, score: 1 }] }, 'scores'],
        [dots.id, { allocations: [{ optionId: dots.byLabel.A, amount: 4 }, { optionId: dots.byLabel.B, amount: 2 }] }, 'allocations'],
        [ranked.id, { ranking: [ranked.byLabel.B, ranked.byLabel.B] }, 'ranking'],
        [ranked.id, { choice: 'ABSTAIN', ranking: [ranked.byLabel.A] }, 'ranking'],
      ];
      for (const [proposalId, ballot, field] of cases) {
        const error = await expectCode(server.request(VOTE, { input: { proposalId, ...ballot } }, voters[0].token), 'BAD_USER_INPUT');
        expect([JSON.stringify(ballot), error.extensions?.fields?.[0].field]).toEqual([JSON.stringify(ballot), field]);
      }
      expect(await server.counts(['ballots', 'ballot_history'])).toEqual(before);
    });

    it('takes ABSTAIN under every method, shows ballots back in option ids, and keeps their history', async () => {
      const score = await proposal(coop, 'SCORE', ['A', 'B']);
      const { castVote: abstained } = await server.request<{ castVote: { choice: string } }>(VOTE, { input: { proposalId: score.id, choice: 'ABSTAIN' } }, voters[1].token);
      expect(abstained.choice).toBe('ABSTAIN');
      const scored = await server.request<{ castVote: { choice: string | null; scores: { optionId: string; score: number }[] } }>(
        VOTE,
        { input: { proposalId: score.id, scores: [{ optionId: score.byLabel.B, score: 2 }, { optionId: score.byLabel.A, score: 5 }] } },
        voters[1].token,
      );
      expect(scored.castVote).toMatchObject({ choice: null, scores: [{ optionId: score.byLabel.A, score: 5 }, { optionId: score.byLabel.B, score: 2 }] });
      const { proposal: read } = await server.request<{ proposal: { myBallotHistory: { choice: string | null; scores: { score: number }[] | null }[] } }>(
        `query ($id: ID!) { proposal(id: $id) { myBallotHistory { choice scores { score } } } }`,
        { id: score.id },
        voters[1].token,
      );
      expect(read.myBallotHistory).toEqual([
        { choice: 'ABSTAIN', scores: null },
        { choice: null, scores: [{ score: 5 }, { score: 2 }] },
      ]);
      const closed = await closedTally(coop, score.id);
      expect(closed.tally.options.map((o) => o.shareExact)).toEqual(['1', '2/5']);
    });

    it('keeps anonymous option ballots apart from the voter, once, and hides AFTER_CLOSE results until close', async () => {
      const p = await proposal(coop, 'APPROVAL', ['A', 'B'], { anonymous: true, resultsVisibility: 'AFTER_CLOSE' });
      await server.request(VOTE, { input: { proposalId: p.id, optionIds: [p.byLabel.A, p.byLabel.B] } }, voters[0].token);
      await expectCode(server.request(VOTE, { input: { proposalId: p.id, optionIds: [p.byLabel.A] } }, voters[0].token), 'CONFLICT');
      expect(await server.query(`SELECT member_id AS "memberId", positions FROM ballots WHERE proposal_id = $1`, [p.id])).toEqual([{ memberId: null, positions: [0, 1] }]);
      await expectCode(server.request(TALLY, { id: p.id }, voters[0].token), 'FORBIDDEN');
      const closed = await closedTally(coop, p.id);
      expect(closed.tally.options.map((o) => o.shareExact)).toEqual(['1', '1']);
      expect(closed.outcome).toBe('TIED');
    });

    it('is TIED when options share the top, and a ranked ballot shows its ranking', async () => {
      const single = await proposal(coop, 'SINGLE_CHOICE', ['A', 'B']);
      await server.request(VOTE, { input: { proposalId: single.id, optionIds: [single.byLabel.A] } }, voters[2].token);
      await server.request(VOTE, { input: { proposalId: single.id, optionIds: [single.byLabel.B] } }, voters[3].token);
      const closed = await closedTally(coop, single.id);
      expect([closed.outcome, closed.tally.winnerId]).toEqual(['TIED', null]);
      const ranked = await proposal(coop, 'CONDORCET', ['A', 'B', 'C']);
      const { castVote } = await server.request<{ castVote: { ranking: string[] } }>(VOTE, { input: { proposalId: ranked.id, ranking: [ranked.byLabel.C, ranked.byLabel.A] } }, voters[2].token);
      expect(castVote.ranking).toEqual([ranked.byLabel.C, ranked.byLabel.A]);
    });

    it('refuses option methods for SPECIAL proposals, options for YES_NO, too few options and settings of another method', async () => {
      const create = (input: Record<string, unknown>) =>
        expectCode(server.request(CREATE, { input: { cooperativeId: coop.id, title: 'T', body: 'B', kind: 'ORDINARY', closesAt: inSeconds(3600), ...input } }, coop.admin.token), 'BAD_USER_INPUT');
      const field = async (input: Record<string, unknown>) => (await create(input)).extensions?.fields?.map((f) => f.field);
      expect(await field({ method: 'APPROVAL', kind: 'SPECIAL', options: ['A', 'B'] })).toEqual(['method']);
      expect(await field({ method: 'YES_NO', options: ['A', 'B'] })).toEqual(['options']);
      expect(await field({ method: 'SCORE', options: ['A'] })).toEqual(['options']);
      expect(await field({ method: 'SCORE', options: ['A', 'a'] })).toEqual(['options']);
      expect(await field({ method: 'DOT_VOTE', options: ['A', 'B'], credits: 10 })).toEqual(['credits']);
      expect(await field({ method: 'APPROVAL', options: ['A', 'B'], minChoices: 2, maxChoices: 1 })).toEqual(['maxChoices']);
    });
  });
});
