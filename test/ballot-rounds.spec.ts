import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gql } from 'graphql-request';
import { expectCode, graphqlError, TestServer } from './support/harness';
import { addMember, createCooperative, labour, patronage, TestCooperative, TestMember } from './support/factories';
import { ledgerOf } from './support/ledger';

const DECLARE = gql`
  mutation ($input: DeclareSurplusInput!) {
    declareSurplus(input: $input) {
      id
    }
  }
`;
const OPEN_ROUND = gql`
  mutation ($input: OpenBudgetRoundInput!) {
    openBudgetRound(input: $input) {
      id
      mode
      rule
      classes
      ballotRules {
        minProjects
        maxProjects
        knapsack
        minBudgetPercent
      }
    }
  }
`;
const PROPOSE = gql`
  mutation ($input: ProposeBucketInput!) {
    proposeBucket(input: $input) {
      id
    }
  }
`;
const APPROVE = gql`
  mutation ($id: ID!) {
    approveBucket(id: $id) {
      id
    }
  }
`;
const CAST = gql`
  mutation ($input: BudgetBallotInput!) {
    castBudgetBallot(input: $input) {
      roundId
      bucketIds
      castAt
    }
  }
`;
const CLOSE_ROUND = gql`
  mutation ($id: ID!) {
    closeBudgetRound(id: $id) {
      status
      result {
        winners {
          title
        }
        spent {
          amount
        }
        perVoterBudget
        mesRuns
        explanations {
          bucket {
            title
            status
            funded {
              amount
            }
          }
          selected
          approvals
          supportersLeft {
            amount
          }
          reason
        }
      }
    }
  }
`;
const ROUND = gql`
  query ($id: ID!) {
    budgetRound(id: $id) {
      myBudgetBallot {
        bucketIds
      }
      myBudgetBallotHistory {
        bucketIds
      }
      pabulib
    }
  }
`;
const ROUND_PABULIB = gql`
  query ($id: ID!) {
    budgetRound(id: $id) {
      pabulib
    }
  }
`;
const PREVIEW = gql`
  query ($cooperativeId: ID!, $pabulib: String!, $rule: BudgetRule!) {
    previewBudgetOutcome(cooperativeId: $cooperativeId, pabulib: $pabulib, rule: $rule) {
      selectedProjectIds
      spent
      perVoterBudget
      mesRuns
      explanations {
        projectId
        selected
        approvals
        reason
      }
    }
  }
`;

type Explanation = { bucket: { title: string; status: string; funded: { amount: string } }; selected: boolean; approvals: number; supportersLeft: { amount: string } | null; reason: string };
type Closed = {
  closeBudgetRound: {
    status: string;
    result: { winners: { title: string }[]; spent: { amount: string }; perVoterBudget: string | null; mesRuns: number | null; explanations: Explanation[] };
  };
};

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
/** Pabulib's published Warsaw 2019 election, Wilanów area III (see test/fixtures/pabulib/README.md). */
const WARSZAWA = readFileSync(join(__dirname, 'fixtures/pabulib/Poland_Warszawa_2019_Obszar_III-PowsinKepa_LatoszkowaZamoscLatoszki.pb'), 'utf8');

describe('ballot rounds (participatory budgeting)', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.close());

  /** A 100.00 pool: the co-budget part (20%) of a 500.00 surplus. */
  async function openRound(coop: TestCooperative, input: Record<string, unknown>): Promise<string> {
    const period = `p-${Math.random().toString(36).slice(2, 8)}`;
    const { declareSurplus } = await server.request<{ declareSurplus: { id: string } }>(DECLARE, { input: { cooperativeId: coop.id, period, amount: '500.00', idempotencyKey: period } }, coop.admin.token);
    const { openBudgetRound } = await server.request<{ openBudgetRound: { id: string } }>(
      OPEN_ROUND,
      { input: { cooperativeId: coop.id, title: 'Spring', surplusId: declareSurplus.id, grantingClosesAt: inHours(24), mode: 'BALLOT', ...input } },
      coop.admin.token,
    );
    return openBudgetRound.id;
  }

  async function bucket(coop: TestCooperative, roundId: string, title: string, cost: string): Promise<string> {
    const { proposeBucket } = await server.request<{ proposeBucket: { id: string } }>(PROPOSE, { input: { roundId, title, description: '', minGoal: cost, maxGoal: cost } }, coop.admin.token);
    await server.request(APPROVE, { id: proposeBucket.id }, coop.admin.token);
    return proposeBucket.id;
  }

  const cast = (member: TestMember, roundId: string, bucketIds: string[]) => server.request(CAST, { input: { roundId, bucketIds } }, member.user.token);

  describe('worked example S3', () => {
    let coop: TestCooperative;
    let workers: TestMember[];
    let users: TestMember[];

    beforeAll(async () => {
      coop = await createCooperative(server);
      workers = await Promise.all([1, 2].map(() => addMember(server, coop)));
      users = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(() => addMember(server, coop)));
      await Promise.all([...workers.map((w) => labour(server, coop, w.id, '10')), ...users.map((u) => patronage(server, coop, u.id, '10.00'))]);
    });

    /** A round with buckets A, B, C of 50.00 each, proposed in that order, and S3's ballots. */
    async function s3Round(rule: string): Promise<Closed['closeBudgetRound']> {
      const roundId = await openRound(coop, { rule, classes: ['WORKER', 'USER'] });
      const a = await bucket(coop, roundId, 'A', '50.00');
      const b = await bucket(coop, roundId, 'B', '50.00');
      const c = await bucket(coop, roundId, 'C', '50.00');
      await Promise.all([
        ...workers.map((w) => cast(w, roundId, [c])),
        ...users.slice(0, 6).map((u) => cast(u, roundId, [a, b])),
        ...users.slice(6).map((u) => cast(u, roundId, [a])),
      ]);
      return (await server.request<Closed>(CLOSE_ROUND, { id: roundId }, coop.admin.token)).closeBudgetRound;
    }

    const byTitle = (explanations: Explanation[]) => Object.fromEntries(explanations.map((e) => [e.bucket.title, e]));

    it('GREEDY by class-weighted approval share funds A and C (A and C tie at 1/2, A was proposed first)', async () => {
      const closed = await s3Round('GREEDY');
      expect(closed.status).toBe('CLOSED');
      expect(closed.result.winners.map((w) => w.title)).toEqual(['A', 'C']);
      expect(closed.result.spent.amount).toBe('100.00');
      expect(closed.result.mesRuns).toBeNull();
      const e = byTitle(closed.result.explanations);
      expect([e.A.approvals, e.B.approvals, e.C.approvals]).toEqual([8, 6, 2]);
      expect(e.B).toMatchObject({ selected: false, supportersLeft: null, bucket: { status: 'NOT_FUNDED', funded: { amount: '0.00' } } });
      expect(e.B.reason).toBe('It did not fit: 0.00 was left against a cost of 50.00.');
      expect(e.A.bucket).toMatchObject({ status: 'FUNDED', funded: { amount: '50.00' } });
      expect(e.C.bucket).toMatchObject({ status: 'FUNDED', funded: { amount: '50.00' } });
    });

    it('EQUAL_SHARES with fair-shares budgets funds A and C, and says why B lost', async () => {
      const closed = await s3Round('EQUAL_SHARES');
      expect(closed.result.winners.map((w) => w.title)).toEqual(['A', 'C']);
      expect(closed.result.spent.amount).toBe('100.00');
      // add1 ran with pools of 100.00, 110.00, … 240.00; at 240.00 the users could also afford B, and {A, B, C} overspent.
      expect(closed.result.mesRuns).toBe(15);
      expect(closed.result.perVoterBudget).toBe('23');
      const e = byTitle(closed.result.explanations);
      expect(e.B.selected).toBe(false);
      expect(e.B.supportersLeft).toEqual({ amount: '48.75' });
      expect(e.B.reason).toBe('Its supporters had 48.75 left against a cost of 50.00.');
      expect(e.A.bucket.funded.amount).toBe('50.00');
      expect(e.C.bucket.funded.amount).toBe('50.00');
    });

    it('keeps the books balanced: the pool went to the winners, nothing is left in round pools', async () => {
      const ledger = await ledgerOf(server, coop);
      expect(ledger.trialBalance).toBe('0.00');
      const pools = ledger.accounts.filter((a) => a.code === 'ROUND_POOL');
      expect(pools.length).toBeGreaterThan(0);
      expect(pools.every((a) => a.balance.amount === '0.00')).toBe(true);
    });
  });

  describe('ballots', () => {
    let coop: TestCooperative;
    let worker: TestMember;
    let user: TestMember;
    let roundId: string;
    let buckets: string[];

    beforeAll(async () => {
      coop = await createCooperative(server);
      [worker, user] = await Promise.all([addMember(server, coop), addMember(server, coop)]);
      await Promise.all([labour(server, coop, worker.id, '5'), patronage(server, coop, user.id, '5.00')]);
      roundId = await openRound(coop, { rule: 'GREEDY', classes: ['WORKER'], ballotRules: { minProjects: 1, maxProjects: 2, knapsack: true, minBudgetPercent: '50' } });
      buckets = [await bucket(coop, roundId, 'Roof', '60.00'), await bucket(coop, roundId, 'Bikes', '30.00'), await bucket(coop, roundId, 'Books', '10.00')];
    });

    it('refuses a ballot that breaks a rule with the field at fault, writing nothing', async () => {
      const before = await server.counts(['budget_ballots', 'budget_ballot_history']);
      const cases: [string[], string][] = [
        [[], 'approve at least 1 bucket'],
        [buckets, 'approve at most 2 buckets'],
        [[buckets[0], buckets[1], buckets[1]], 'a bucket can be approved only once'],
        [[buckets[2]], 'must together cost at least 50% of the pool'],
      ];
      for (const [bucketIds, message] of cases) {
        const error = await expectCode(cast(worker, roundId, bucketIds), 'BAD_USER_INPUT');
        expect(error.message).toContain(message);
      }
      const other = await openRound(coop, { rule: 'GREEDY', classes: ['WORKER'] });
      const foreign = await bucket(coop, other, 'Elsewhere', '10.00');
      expect((await expectCode(cast(worker, roundId, [foreign]), 'BAD_USER_INPUT')).message).toContain('not an approved bucket of this round');
      expect(await server.counts(['budget_ballots', 'budget_ballot_history'])).toEqual(before);
    });

    it('refuses a knapsack ballot over the pool', async () => {
      const knapsack = await openRound(coop, { rule: 'GREEDY', classes: ['WORKER'], ballotRules: { knapsack: true } });
      const [big, small] = [await bucket(coop, knapsack, 'Big', '90.00'), await bucket(coop, knapsack, 'Small', '10.01')];
      expect((await expectCode(cast(worker, knapsack, [big, small]), 'BAD_USER_INPUT')).message).toContain('must together cost at most the pool');
      await cast(worker, knapsack, [big]);
    });

    it('lets only members of the round classes vote', async () => {
      await expectCode(cast(user, roundId, [buckets[0]]), 'FORBIDDEN');
    });

    it('replaces a ballot on a second vote and keeps every version', async () => {
      await cast(worker, roundId, [buckets[0]]);
      await cast(worker, roundId, [buckets[1], buckets[0]]);
      const { budgetRound } = await server.request<{ budgetRound: { myBudgetBallot: { bucketIds: string[] }; myBudgetBallotHistory: { bucketIds: string[] }[] } }>(
        gql`
          query ($id: ID!) {
            budgetRound(id: $id) {
              myBudgetBallot {
                bucketIds
              }
              myBudgetBallotHistory {
                bucketIds
              }
            }
          }
        `,
        { id: roundId },
        worker.user.token,
      );
      expect(budgetRound.myBudgetBallot.bucketIds).toEqual([buckets[1], buckets[0]]);
      expect(budgetRound.myBudgetBallotHistory.map((b) => b.bucketIds)).toEqual([[buckets[0]], [buckets[1], buckets[0]]]);
    });

    it('seals the ballots until the close, then exports the round as Pabulib with anonymous voters and a class column', async () => {
      expect((await expectCode(server.request(ROUND, { id: roundId }, worker.user.token), 'CONFLICT')).message).toContain('sealed');
      await server.request(CLOSE_ROUND, { id: roundId }, coop.admin.token);
      const { budgetRound } = await server.request<{ budgetRound: { pabulib: string } }>(ROUND_PABULIB, { id: roundId }, user.user.token);
      const text = budgetRound.pabulib;
      expect(text).toContain('vote_type;approval\nrule;greedy\n');
      expect(text).toContain('budget;100.00\n');
      expect(text).toContain('min_length;1\nmax_length;2\nmax_sum_cost;100.00\n');
      expect(text).toContain(`PROJECTS\nproject_id;cost;votes;name;selected\n${buckets[0]};60.00;1;Roof;1\n${buckets[1]};30.00;1;Bikes;1\n${buckets[2]};10.00;0;Books;0\n`);
      expect(text).toContain(`VOTES\nvoter_id;vote;class\n1;${buckets[1]},${buckets[0]};WORKER\n`);
      expect(text).not.toContain(worker.id);
      // A preview of the export picks what the round picked.
      const { previewBudgetOutcome } = await server.request<{ previewBudgetOutcome: { selectedProjectIds: string[] } }>(PREVIEW, { cooperativeId: coop.id, pabulib: text, rule: 'GREEDY' }, coop.admin.token);
      expect(previewBudgetOutcome.selectedProjectIds).toEqual([buckets[1], buckets[0]]);
    });

    it('refuses ballots after the close, and contributions in a ballot round', async () => {
      await expectCode(cast(worker, roundId, [buckets[0]]), 'CONFLICT');
      const other = await openRound(coop, { rule: 'GREEDY' });
      const id = await bucket(coop, other, 'Tools', '20.00');
      const error = await expectCode(
        server.request(
          gql`
            mutation ($input: ContributeInput!) {
              contribute(input: $input) {
                id
              }
            }
          `,
          { input: { bucketId: id, amount: '1.00' } },
          worker.user.token,
        ),
        'CONFLICT',
      );
      expect(error.message).toContain('castBudgetBallot');
    });

    it('refuses a ballot round without a rule, a bucket with two goals in it, and ballot terms on a contributions round', async () => {
      const error = await expectCode(openRound(coop, {}), 'BAD_USER_INPUT');
      expect(error.message).toContain('rule: a BALLOT round needs a rule');
      const round = await openRound(coop, { rule: 'EQUAL_SHARES' });
      const twoGoals = server.request(PROPOSE, { input: { roundId: round, title: 'X', description: '', minGoal: '10.00', maxGoal: '20.00' } }, coop.admin.token);
      expect((await expectCode(twoGoals, 'BAD_USER_INPUT')).message).toContain('one cost');
      expect((await graphqlError(openRound(coop, { mode: 'CONTRIBUTIONS', rule: 'GREEDY' }))).message).toContain('rule: only a BALLOT round has this');
      expect((await graphqlError(openRound(coop, { rule: 'GREEDY', ballotRules: { minBudgetPercent: '10' } }))).message).toContain('needs knapsack');
    });
  });

  describe('closing', () => {
    it('closes once when coordinators close together while members vote, and counts exactly the ballots recorded before', async () => {
      const coop = await createCooperative(server);
      const members = await Promise.all([1, 2, 3, 4, 5, 6].map(() => addMember(server, coop)));
      await Promise.all(members.map((m) => labour(server, coop, m.id, '1')));
      const roundId = await openRound(coop, { rule: 'EQUAL_SHARES', classes: ['WORKER'] });
      const [a, b] = [await bucket(coop, roundId, 'A', '60.00'), await bucket(coop, roundId, 'B', '40.00')];
      await Promise.all(members.slice(0, 3).map((m) => cast(m, roundId, [a])));
      const votes = members.slice(3).map((m) => cast(m, roundId, [b]).then(() => 'voted', (e: Error) => e.message));
      const closes = [1, 2, 3, 4].map(() => server.request<Closed>(CLOSE_ROUND, { id: roundId }, coop.admin.token).then((r) => r.closeBudgetRound, (e: Error) => e.message));
      const [voteResults, closeResults] = await Promise.all([Promise.all(votes), Promise.all(closes)]);
      const closed = closeResults.filter((r): r is Closed['closeBudgetRound'] => typeof r !== 'string');
      expect(closed).toHaveLength(1);
      expect(closeResults.filter((r) => typeof r === 'string' && r.includes('already closed'))).toHaveLength(3);
      for (const result of voteResults) expect(result === 'voted' || result.includes('Voting is closed')).toBe(true);
      const [{ n }] = await server.query<{ n: number }>(`SELECT count(*)::int AS n FROM journal_entries WHERE source_type = 'BUDGET_ROUND_CLOSE' AND source_id = $1`, [roundId]);
      expect(n).toBe(1);
      const [{ ballots }] = await server.query<{ ballots: number }>(`SELECT count(*)::int AS ballots FROM budget_ballots WHERE round_id = $1`, [roundId]);
      expect(ballots).toBe(3 + voteResults.filter((r) => r === 'voted').length);
      const approvalsOfB = closed[0].result.explanations.find((e) => e.bucket.title === 'B')!.approvals;
      expect(approvalsOfB).toBe(voteResults.filter((r) => r === 'voted').length);
    });
  });

  describe('previewBudgetOutcome', () => {
    let coop: TestCooperative;
    beforeAll(async () => (coop = await createCooperative(server)));

    it("reproduces Warsaw 2019's published greedy selection (Wilanów area III), writing nothing", async () => {
      const before = await server.counts(['audit_events', 'journal_entries', 'budget_rounds']);
      const { previewBudgetOutcome } = await server.request<{ previewBudgetOutcome: { selectedProjectIds: string[]; spent: string; explanations: { projectId: string; selected: boolean; approvals: number; reason: string }[] } }>(
        PREVIEW,
        { cooperativeId: coop.id, pabulib: WARSZAWA, rule: 'GREEDY' },
        coop.admin.token,
      );
      // The file's `selected` column: 1873, 38, 165 and 90 won; 37 did not fit after the first three.
      expect([...previewBudgetOutcome.selectedProjectIds].sort()).toEqual(['165', '1873', '38', '90']);
      expect(previewBudgetOutcome.spent).toBe('192450.00');
      const p37 = previewBudgetOutcome.explanations.find((e) => e.projectId === '37')!;
      expect(p37).toMatchObject({ selected: false, approvals: 51, reason: 'It did not fit: 31,150.00 was left against a cost of 40,000.00.' });
      expect(await server.counts(['audit_events', 'journal_entries', 'budget_rounds'])).toEqual(before);
    });

    it('runs EQUAL_SHARES on the same file within the budget', async () => {
      const { previewBudgetOutcome } = await server.request<{ previewBudgetOutcome: { selectedProjectIds: string[]; spent: string; mesRuns: number } }>(
        PREVIEW,
        { cooperativeId: coop.id, pabulib: WARSZAWA, rule: 'EQUAL_SHARES' },
        coop.admin.token,
      );
      expect(Number(previewBudgetOutcome.spent)).toBeLessThanOrEqual(220000);
      expect(previewBudgetOutcome.mesRuns).toBeGreaterThan(0);
    });

    it('picks the winners off the event loop: the server answers other requests while a large EQUAL_SHARES preview runs', async () => {
      // 6,500 voters approving 1 to 10 of 64 projects (a seeded generator), as in the equal-shares bench.
      let seed = 7;
      const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
      const projects = Array.from({ length: 64 }, (_, i) => `${i};${10000 + Math.floor(next() * 290000)}`);
      const votes = Array.from({ length: 6500 }, (_, v) => {
        const approved = new Set(Array.from({ length: 1 + Math.floor(next() * 10) }, () => Math.floor(Math.pow(next(), 2) * 64)));
        return `${v};${[...approved].join(',')}`;
      });
      const file = ['META', 'key;value', 'budget;4000000', 'vote_type;approval', 'PROJECTS', 'project_id;cost', ...projects, 'VOTES', 'voter_id;vote', ...votes].join('\n');
      const order: string[] = [];
      const preview = server
        .request<{ previewBudgetOutcome: { mesRuns: number } }>(PREVIEW, { cooperativeId: coop.id, pabulib: file, rule: 'EQUAL_SHARES' }, coop.admin.token)
        .then((r) => (order.push('preview'), r));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const health = await fetch(`${server.baseUrl}/health`).then((r) => (order.push('health'), r.status));
      const { previewBudgetOutcome } = await preview;
      expect(health).toBe(200);
      expect(previewBudgetOutcome.mesRuns).toBeGreaterThan(10);
      expect(order).toEqual(['health', 'preview']);
    });

    it('refuses a malformed file with the line at fault, and anyone but a coordinator', async () => {
      const broken = WARSZAWA.replace('1873;99800;', '1873;99800.001;');
      const error = await expectCode(server.request(PREVIEW, { cooperativeId: coop.id, pabulib: broken, rule: 'GREEDY' }, coop.admin.token), 'BAD_USER_INPUT');
      const line = WARSZAWA.split('\n').findIndex((l) => l.startsWith('1873;')) + 1;
      expect(error.message).toContain(`pabulib: line ${line}: the cost of project 1873 must be an amount with at most 2 decimals`);
      const member = await addMember(server, coop);
      await expectCode(server.request(PREVIEW, { cooperativeId: coop.id, pabulib: WARSZAWA, rule: 'GREEDY' }, member.user.token), 'FORBIDDEN');
    });
  });
});
