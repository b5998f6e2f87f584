import fc from 'fast-check';
import { gql } from 'graphql-request';
import { allPages, expectCode, PageOf, TestServer } from './support/harness';
import { addMember, capital, createCooperative, founderUnit, labour, TestCooperative, TestMember } from './support/factories';

const DECLARE = gql`
  mutation ($input: DeclareSurplusInput!) {
    declareSurplus(input: $input) {
      id
      amount {
        amount
        currency
      }
      reserve {
        amount
      }
      dividends {
        amount
      }
      cobudget {
        amount
      }
      payouts(first: 100) {
        totalCount
        edges {
          node {
            class
            amount {
              amount
            }
            member {
              id
            }
          }
        }
      }
    }
  }
`;
const OPEN_ROUND = gql`
  mutation ($input: OpenBudgetRoundInput!) {
    openBudgetRound(input: $input) {
      id
      pool {
        amount
      }
      status
      allocations(first: 100) {
        edges {
          node {
            class
            amount {
              amount
            }
            member {
              id
            }
          }
        }
      }
    }
  }
`;
const PROPOSE = gql`
  mutation ($input: ProposeBucketInput!) {
    proposeBucket(input: $input) {
      id
      status
    }
  }
`;
const APPROVE = gql`
  mutation ($id: ID!) {
    approveBucket(id: $id) {
      id
      status
    }
  }
`;
const CONTRIBUTE = gql`
  mutation ($input: ContributeInput!) {
    contribute(input: $input) {
      id
      amount {
        amount
      }
    }
  }
`;
const CLOSE_ROUND = gql`
  mutation ($id: ID!) {
    closeBudgetRound(id: $id) {
      status
      buckets(first: 50) {
        edges {
          node {
            title
            status
            funded {
              amount
            }
          }
        }
      }
    }
  }
`;
const ROUND_VIEW = gql`
  query ($slug: String!) {
    cooperative(slug: $slug) {
      budgetRounds(first: 10) {
        edges {
          node {
            id
            myAllocation {
              amount
            }
            myBalance {
              amount
            }
            buckets(first: 50) {
              edges {
                node {
                  id
                  funded {
                    amount
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;
const LEDGER = gql`
  query ($slug: String!) {
    cooperative(slug: $slug) {
      ledger {
        trialBalance
        accounts {
          code
          balance {
            amount
          }
          memberBalances(first: 100) {
            totalCount
            edges {
              node {
                member {
                  id
                }
                balance {
                  amount
                }
              }
            }
          }
        }
      }
    }
  }
`;

type Declared = {
  declareSurplus: {
    id: string;
    amount: { amount: string; currency: string };
    reserve: { amount: string };
    dividends: { amount: string };
    cobudget: { amount: string };
    payouts: { totalCount: number; edges: { node: { class: string; amount: { amount: string }; member: { id: string } } }[] };
  };
};
type Opened = { openBudgetRound: { id: string; pool: { amount: string }; allocations: { edges: { node: { class: string; amount: { amount: string }; member: { id: string } } }[] } } };
type MemberBalances = { totalCount: number; edges: { node: { member: { id: string }; balance: { amount: string } } }[] };
type LedgerView = { cooperative: { ledger: { trialBalance: string; accounts: { code: string; balance: { amount: string }; memberBalances: MemberBalances }[] } } };

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
const byMember = (edges: { node: { member: { id: string }; amount: { amount: string } } }[]) => Object.fromEntries(edges.map((e) => [e.node.member.id, e.node.amount.amount]));
const declare = (server: TestServer, coop: TestCooperative, amount: string, key: string, period = key) =>
  server.request<Declared>(DECLARE, { input: { cooperativeId: coop.id, period, amount, idempotencyKey: key } }, coop.admin.token);
const reserveOf = async (server: TestServer, coop: TestCooperative) => {
  const { cooperative } = await server.request<LedgerView>(LEDGER, { slug: coop.slug }, coop.admin.token);
  return cooperative.ledger;
};

describe('surplus, dividends and co-budgeting', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.close());

  describe('worked example S2', () => {
    let coop: TestCooperative;
    const m: Record<string, TestMember> = {};
    let declared: Declared['declareSurplus'];

    beforeAll(async () => {
      coop = await createCooperative(server);
      // Admitted in this order, so W1 and W2 are senior to W3.
      for (const name of ['F1', 'F2', 'I1', 'I2', 'W1', 'W2', 'W3']) m[name] = await addMember(server, coop, `${name.toLowerCase()}-${coop.slug}`);
      await founderUnit(server, coop, m.F1.id);
      await founderUnit(server, coop, m.F2.id);
      await capital(server, coop, m.I1.id, '3000.00');
      await capital(server, coop, m.I2.id, '1000.00');
      await labour(server, coop, m.W1.id, '100');
      await labour(server, coop, m.W2.id, '50');
      await labour(server, coop, m.W3.id, '50');
      declared = (await declare(server, coop, '100000.00', 's2')).declareSurplus;
    });

    it('splits 100,000.00 into reserve 30,000.00, dividends 50,000.00 and co-budget 20,000.00', () => {
      expect(declared).toMatchObject({ amount: { amount: '100000.00', currency: 'EUR' }, reserve: { amount: '30000.00' }, dividends: { amount: '50000.00' }, cobudget: { amount: '20000.00' } });
    });

    it('pays 12,500.00 per class pro rata to units; the empty users class goes to the reserve', () => {
      expect(byMember(declared.payouts.edges)).toEqual({
        [m.F1.id]: '6250.00',
        [m.F2.id]: '6250.00',
        [m.I1.id]: '9375.00',
        [m.I2.id]: '3125.00',
        [m.W1.id]: '6250.00',
        [m.W2.id]: '3125.00',
        [m.W3.id]: '3125.00',
      });
    });

    it('pages the payouts with cursors', async () => {
      const PAGE = gql`
        query ($slug: String!, $after: String) {
          cooperative(slug: $slug) {
            surplusDeclarations {
              payouts(first: 3, after: $after) {
                totalCount
                pageInfo {
                  hasNextPage
                  endCursor
                }
                edges {
                  node {
                    member {
                      id
                    }
                  }
                }
              }
            }
          }
        }
      `;
      type Page = { cooperative: { surplusDeclarations: { payouts: PageOf<{ member: { id: string } }> }[] } };
      const pages = await allPages(async (after) => (await server.request<Page>(PAGE, { slug: coop.slug, after }, coop.admin.token)).cooperative.surplusDeclarations[0].payouts);
      expect(pages.map((p) => p.totalCount)).toEqual(pages.map(() => 7));
      expect(pages.flatMap((p) => p.edges.map((e) => e.node.member.id))).toEqual(declared.payouts.edges.map((e) => e.node.member.id));
    });

    it('allocates the co-budget 5,000.00 per class equally per member; W1 and W2 get the extra cents', async () => {
      const { openBudgetRound } = await server.request<Opened>(OPEN_ROUND, { input: { cooperativeId: coop.id, title: 'S2 round', surplusId: declared.id, grantingClosesAt: inHours(24) } }, coop.admin.token);
      expect(openBudgetRound.pool.amount).toBe('20000.00');
      expect(byMember(openBudgetRound.allocations.edges)).toEqual({
        [m.F1.id]: '2500.00',
        [m.F2.id]: '2500.00',
        [m.I1.id]: '2500.00',
        [m.I2.id]: '2500.00',
        [m.W1.id]: '1666.67',
        [m.W2.id]: '1666.67',
        [m.W3.id]: '1666.66',
      });
    });

    it('records payouts and allocations in the ledger: reserve 30,000 + 12,500 + 5,000, trial balance 0.00', async () => {
      const ledger = await reserveOf(server, coop);
      expect(ledger.trialBalance).toBe('0.00');
      const account = (code: string) => ledger.accounts.find((a) => a.code === code)!;
      expect(account('RESERVE').balance.amount).toBe('-47500.00');
      expect(account('COBUDGET_FUND').balance.amount).toBe('0.00');
      expect(account('RETAINED_SURPLUS').balance.amount).toBe('100000.00');
      // Dividends payable is a control account: 37,500.00 owed, one balance per member in its sub-ledger.
      const payable = account('DIVIDENDS_PAYABLE');
      expect(payable.balance.amount).toBe('-37500.00');
      expect(payable.memberBalances.totalCount).toBe(7);
      expect(Object.fromEntries(payable.memberBalances.edges.map((e) => [e.node.member.id, e.node.balance.amount]))).toEqual({
        [m.F1.id]: '-6250.00',
        [m.F2.id]: '-6250.00',
        [m.I1.id]: '-9375.00',
        [m.I2.id]: '-3125.00',
        [m.W1.id]: '-6250.00',
        [m.W2.id]: '-3125.00',
        [m.W3.id]: '-3125.00',
      });
    });

    it("pages a control account's member balances in member id order, refusing foreign cursors", async () => {
      const PAGE = gql`
        query ($slug: String!, $after: String) {
          cooperative(slug: $slug) {
            ledger {
              accounts {
                code
                memberBalances(first: 3, after: $after) {
                  totalCount
                  pageInfo {
                    hasNextPage
                    endCursor
                  }
                  edges {
                    node {
                      member {
                        id
                      }
                    }
                  }
                }
              }
            }
          }
        }
      `;
      type Page = { cooperative: { ledger: { accounts: { code: string; memberBalances: PageOf<{ member: { id: string } }> }[] } } };
      const pages = await allPages(
        async (after) => (await server.request<Page>(PAGE, { slug: coop.slug, after }, coop.admin.token)).cooperative.ledger.accounts.find((a) => a.code === 'DIVIDENDS_PAYABLE')!.memberBalances,
      );
      expect(pages.map((p) => [p.totalCount, p.edges.length])).toEqual([
        [7, 3],
        [7, 3],
        [7, 1],
      ]);
      expect(pages.flatMap((p) => p.edges.map((e) => e.node.member.id))).toEqual(Object.values(m).map((member) => member.id).sort());
      await expectCode(server.request(PAGE, { slug: coop.slug, after: 'bm90LWEtY3Vyc29y' }, coop.admin.token), 'BAD_USER_INPUT');
    });
  });

  it('S1: 11,000.00 among 18 holders of 10 units: sixteen 611.11 and two 611.12, summing exactly', async () => {
    const coop = await createCooperative(server, undefined, { bylaws: { reservePercent: '0', dividendPercent: '100', cobudgetPercent: '0' } });
    const holders: TestMember[] = [];
    for (let i = 0; i < 18; i++) holders.push(await addMember(server, coop));
    await Promise.all(holders.map((h) => capital(server, coop, h.id, '10.00')));
    // A quarter of the dividends is the funders' class: 44,000.00 × 1/4 = 11,000.00.
    const { declareSurplus } = await declare(server, coop, '44000.00', 's1');
    const amounts = declareSurplus.payouts.edges.map((e) => e.node.amount.amount);
    expect(amounts.filter((a) => a === '611.11')).toHaveLength(16);
    expect(amounts.filter((a) => a === '611.12')).toHaveLength(2);
    // The two extra cents go to the two most senior holders.
    const payouts = byMember(declareSurplus.payouts.edges);
    expect([payouts[holders[0].id], payouts[holders[1].id]]).toEqual(['611.12', '611.12']);
    expect(declareSurplus.reserve.amount).toBe('0.00');
    expect((await reserveOf(server, coop)).accounts.find((a) => a.code === 'RESERVE')?.balance.amount).toBe('-33000.00');
  });

  describe('idempotent declarations', () => {
    it('replays the same key into one declaration, and refuses the key with another amount', async () => {
      const coop = await createCooperative(server);
      const worker = await addMember(server, coop);
      await labour(server, coop, worker.id, '1');
      const replays = await Promise.all([1, 2, 3, 4, 5].map(() => declare(server, coop, '1000.00', 'k-2026', '2026')));
      expect(new Set(replays.map((r) => r.declareSurplus.id)).size).toBe(1);
      const [{ n }] = await server.query<{ n: number }>(`SELECT count(*)::int AS n FROM surplus_declarations WHERE cooperative_id = $1`, [coop.id]);
      expect(n).toBe(1);
      const before = await server.counts(['surplus_declarations', 'ledger_accounts', 'journal_entries', 'journal_lines']);
      await expectCode(declare(server, coop, '1000.01', 'k-2026', '2026'), 'CONFLICT');
      await expectCode(declare(server, coop, '500.00', 'another-key', '2026'), 'CONFLICT');
      await expectCode(declare(server, coop, '100.001', 'k3', '2027'), 'BAD_USER_INPUT');
      expect(await server.counts(['surplus_declarations', 'ledger_accounts', 'journal_entries', 'journal_lines'])).toEqual(before);
    });
  });

  describe('a round from the reserve', () => {
    let coop: TestCooperative;
    let workers: TestMember[];
    let roundId: string;

    beforeAll(async () => {
      coop = await createCooperative(server, undefined, { bylaws: { reservePercent: '100', dividendPercent: '0', cobudgetPercent: '0' } });
      workers = [await addMember(server, coop), await addMember(server, coop)];
      await Promise.all(workers.map((w) => labour(server, coop, w.id, '1')));
      await declare(server, coop, '1000.00', 'reserve');
      // 400.00 over four classes: the workers' quarter (100.00) is split 50/50, the rest returns to the reserve.
      const { openBudgetRound } = await server.request<Opened>(OPEN_ROUND, { input: { cooperativeId: coop.id, title: 'Small', amount: '400.00', grantingClosesAt: inHours(1), maxPerMemberPerBucket: '30.00' } }, coop.admin.token);
      roundId = openBudgetRound.id;
      expect(byMember(openBudgetRound.allocations.edges)).toEqual({ [workers[0].id]: '50.00', [workers[1].id]: '50.00' });
    });

    const bucket = async (title: string, minGoal: string, maxGoal: string) => {
      const { proposeBucket } = await server.request<{ proposeBucket: { id: string; status: string } }>(PROPOSE, { input: { roundId, title, description: title, minGoal, maxGoal } }, workers[0].user.token);
      expect(proposeBucket.status).toBe('PENDING_APPROVAL');
      await server.request(APPROVE, { id: proposeBucket.id }, coop.admin.token);
      return proposeBucket.id;
    };

    it('refuses contributions to unapproved buckets, bad goals, and bad amounts', async () => {
      const { proposeBucket } = await server.request<{ proposeBucket: { id: string } }>(PROPOSE, { input: { roundId, title: 'Draft', description: '', minGoal: '5.00', maxGoal: '10.00' } }, workers[0].user.token);
      const before = await server.counts(['contributions', 'journal_lines']);
      await expectCode(server.request(CONTRIBUTE, { input: { bucketId: proposeBucket.id, amount: '1.00' } }, workers[0].user.token), 'CONFLICT');
      await expectCode(server.request(PROPOSE, { input: { roundId, title: 'Bad', description: '', minGoal: '10.00', maxGoal: '5.00' } }, workers[0].user.token), 'BAD_USER_INPUT');
      await expectCode(server.request(PROPOSE, { input: { roundId, title: 'Bad', description: '', minGoal: '0', maxGoal: '5.00' } }, workers[0].user.token), 'BAD_USER_INPUT');
      await expectCode(server.request(APPROVE, { id: proposeBucket.id }, workers[0].user.token), 'FORBIDDEN');
      expect(await server.counts(['contributions', 'journal_lines'])).toEqual(before);
    });

    it('holds the per-member cap, the balance and the maxGoal', async () => {
      const big = await bucket('Big', '10.00', '1000.00');
      await server.request(CONTRIBUTE, { input: { bucketId: big, amount: '30.00' } }, workers[0].user.token);
      expect((await expectCode(server.request(CONTRIBUTE, { input: { bucketId: big, amount: '0.01' } }, workers[0].user.token), 'CONFLICT')).message).toMatch(/at most 30.00/);
      const small = await bucket('Small', '5.00', '25.00');
      await server.request(CONTRIBUTE, { input: { bucketId: small, amount: '20.00' } }, workers[0].user.token);
      expect((await expectCode(server.request(CONTRIBUTE, { input: { bucketId: small, amount: '0.01' } }, workers[0].user.token), 'CONFLICT')).message).toMatch(/left to contribute/);
      expect((await expectCode(server.request(CONTRIBUTE, { input: { bucketId: small, amount: '5.01' } }, workers[1].user.token), 'CONFLICT')).message).toMatch(/maximum goal/);
      const { cooperative } = await server.request<{ cooperative: { budgetRounds: { edges: { node: { myAllocation: { amount: string }; myBalance: { amount: string } } }[] } } }>(ROUND_VIEW, { slug: coop.slug }, workers[0].user.token);
      expect(cooperative.budgetRounds.edges[0].node).toMatchObject({ myAllocation: { amount: '50.00' }, myBalance: { amount: '0.00' } });
    });

    it('closes: funded buckets keep their money, others are refunded by reversals, unspent returns to the reserve', async () => {
      const failing = await bucket('Too ambitious', '20.00', '40.00');
      await server.request(CONTRIBUTE, { input: { bucketId: failing, amount: '15.00' } }, workers[1].user.token);
      const reserveBefore = (await reserveOf(server, coop)).accounts.find((a) => a.code === 'RESERVE')!.balance.amount;
      const { closeBudgetRound } = await server.request<{ closeBudgetRound: { status: string; buckets: { edges: { node: { title: string; status: string; funded: { amount: string } } }[] } } }>(
        CLOSE_ROUND,
        { id: roundId },
        coop.admin.token,
      );
      expect(closeBudgetRound.status).toBe('CLOSED');
      expect(Object.fromEntries(closeBudgetRound.buckets.edges.map((e) => [e.node.title, [e.node.status, e.node.funded.amount]]))).toEqual({
        Draft: ['NOT_FUNDED', '0.00'],
        Big: ['FUNDED', '30.00'],
        Small: ['FUNDED', '20.00'],
        'Too ambitious': ['NOT_FUNDED', '0.00'],
      });
      // Worker 2 had 50.00, gave 15.00 to a bucket that failed: all 50.00 come back, then return to the reserve.
      const ledger = await reserveOf(server, coop);
      expect(ledger.trialBalance).toBe('0.00');
      expect(ledger.accounts.find((a) => a.code === 'RESERVE')!.balance.amount).toBe((Number(reserveBefore) - 50).toFixed(2));
      const [{ n }] = await server.query<{ n: number }>(`SELECT count(*)::int AS n FROM journal_entries WHERE reverses_entry_id IS NOT NULL AND cooperative_id = $1`, [coop.id]);
      expect(n).toBe(1);
      await expectCode(server.request(CONTRIBUTE, { input: { bucketId: failing, amount: '1.00' } }, workers[0].user.token), 'CONFLICT');
    });
  });

  describe('concurrency', () => {
    it('200 parallel contributions by one member never overdraw the allocation', async () => {
      const coop = await createCooperative(server, undefined, { bylaws: { reservePercent: '0', dividendPercent: '0', cobudgetPercent: '100' } });
      const worker = await addMember(server, coop);
      await labour(server, coop, worker.id, '1');
      const { declareSurplus } = await declare(server, coop, '400.00', 'c');
      const { openBudgetRound } = await server.request<Opened>(OPEN_ROUND, { input: { cooperativeId: coop.id, title: 'R', surplusId: declareSurplus.id, grantingClosesAt: inHours(1) } }, coop.admin.token);
      const { proposeBucket } = await server.request<{ proposeBucket: { id: string } }>(PROPOSE, { input: { roundId: openBudgetRound.id, title: 'B', description: '', minGoal: '1.00', maxGoal: '10000.00' } }, worker.user.token);
      await server.request(APPROVE, { id: proposeBucket.id }, coop.admin.token);
      // The worker holds 100.00; 200 × 0.73 = 146.00 is asked for.
      const results = await Promise.all(
        Array.from({ length: 200 }, () => server.request(CONTRIBUTE, { input: { bucketId: proposeBucket.id, amount: '0.73' } }, worker.user.token).then(() => 'ok', (e: Error) => e.message)),
      );
      const accepted = results.filter((r) => r === 'ok').length;
      expect(accepted).toBe(136); // floor(100.00 / 0.73)
      expect(results.filter((r) => r !== 'ok').every((r) => /left to contribute/.test(r))).toBe(true);
      const [{ given, balance }] = await server.query<{ given: string; balance: string }>(
        `SELECT (SELECT sum(amount)::text FROM contributions WHERE bucket_id = $1) AS given,
                (SELECT (-sum(l.amount))::text FROM ledger_accounts a JOIN journal_lines l ON l.account_id = a.id WHERE a.code = 'MEMBER_ALLOCATION' AND a.scope_id = $2) AS balance`,
        [proposeBucket.id, openBudgetRound.id],
      );
      expect({ given, balance }).toEqual({ given: '99.28', balance: '0.72' });
    });

    it('parallel contributions racing a bucket never overfund its maxGoal', async () => {
      const coop = await createCooperative(server, undefined, { bylaws: { reservePercent: '0', dividendPercent: '0', cobudgetPercent: '100' } });
      const workers = [];
      for (let i = 0; i < 10; i++) workers.push(await addMember(server, coop));
      await Promise.all(workers.map((w) => labour(server, coop, w.id, '1')));
      const { declareSurplus } = await declare(server, coop, '4000.00', 'race');
      const { openBudgetRound } = await server.request<Opened>(OPEN_ROUND, { input: { cooperativeId: coop.id, title: 'R', surplusId: declareSurplus.id, grantingClosesAt: inHours(1) } }, coop.admin.token);
      const { proposeBucket } = await server.request<{ proposeBucket: { id: string } }>(PROPOSE, { input: { roundId: openBudgetRound.id, title: 'B', description: '', minGoal: '1.00', maxGoal: '250.00' } }, workers[0].user.token);
      await server.request(APPROVE, { id: proposeBucket.id }, coop.admin.token);
      const attempts = workers.flatMap((w) => Array.from({ length: 5 }, () => server.request(CONTRIBUTE, { input: { bucketId: proposeBucket.id, amount: '7.00' } }, w.user.token).then(() => 1, () => 0)));
      const accepted = (await Promise.all(attempts)).reduce((a: number, b) => a + b, 0);
      expect(accepted).toBe(35); // floor(250 / 7)
      const [{ funded }] = await server.query<{ funded: string }>(`SELECT sum(amount)::text AS funded FROM contributions WHERE bucket_id = $1`, [proposeBucket.id]);
      expect(funded).toBe('245.00');
    });

    it('a close that waits for an in-flight contribution counts it: the bucket it completes is funded', async () => {
      const coop = await createCooperative(server, undefined, { bylaws: { reservePercent: '0', dividendPercent: '0', cobudgetPercent: '100' } });
      const workers = [await addMember(server, coop), await addMember(server, coop)];
      await Promise.all(workers.map((w) => labour(server, coop, w.id, '1')));
      const { declareSurplus } = await declare(server, coop, '400.00', 'late');
      const { openBudgetRound } = await server.request<Opened>(OPEN_ROUND, { input: { cooperativeId: coop.id, title: 'R', surplusId: declareSurplus.id, grantingClosesAt: inHours(1) } }, coop.admin.token);
      const { proposeBucket } = await server.request<{ proposeBucket: { id: string } }>(PROPOSE, { input: { roundId: openBudgetRound.id, title: 'B', description: '', minGoal: '10.00', maxGoal: '100.00' } }, workers[0].user.token);
      await server.request(APPROVE, { id: proposeBucket.id }, coop.admin.token);
      await server.request(CONTRIBUTE, { input: { bucketId: proposeBucket.id, amount: '5.00' } }, workers[0].user.token);

      // Hold the second worker's row so their contribution stops after locking the bucket; the close
      // then queues behind it. Releasing the row lets the contribution commit first.
      const holder = await server.db.connect();
      const waiting = async (n: number) => {
        for (;;) {
          const [{ blocked }] = await server.query<{ blocked: number }>(`SELECT count(*)::int AS blocked FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`);
          if (blocked >= n) return;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT id FROM members WHERE id = $1 FOR UPDATE', [workers[1].id]);
        const late = server.request(CONTRIBUTE, { input: { bucketId: proposeBucket.id, amount: '5.00' } }, workers[1].user.token);
        await waiting(1);
        const close = server.request<{ closeBudgetRound: { buckets: { edges: { node: { status: string; funded: { amount: string } } }[] } } }>(CLOSE_ROUND, { id: openBudgetRound.id }, coop.admin.token);
        await waiting(2);
        await holder.query('COMMIT');
        await late;
        const { closeBudgetRound } = await close;
        expect(closeBudgetRound.buckets.edges.map((e) => [e.node.status, e.node.funded.amount])).toEqual([['FUNDED', '10.00']]);
      } finally {
        await holder.query('ROLLBACK').catch(() => undefined);
        holder.release();
      }
      const [{ reversals }] = await server.query<{ reversals: number }>(`SELECT count(*)::int AS reversals FROM journal_entries WHERE cooperative_id = $1 AND reverses_entry_id IS NOT NULL`, [coop.id]);
      expect(reversals).toBe(0);
    });
  });

  it('keeps the trial balance at zero over random sequences of operations', async () => {
    const coop = await createCooperative(server, undefined, { bylaws: { reservePercent: '10', dividendPercent: '40', cobudgetPercent: '50' } });
    const members = [await addMember(server, coop), await addMember(server, coop), await addMember(server, coop)];
    await labour(server, coop, members[0].id, '3');
    await capital(server, coop, members[1].id, '250.00');
    await labour(server, coop, members[2].id, '1.5');
    let period = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ surplus: fc.integer({ min: 1, max: 10_000_000 }), buckets: fc.array(fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 5000 })), { minLength: 1, maxLength: 3 }), gifts: fc.array(fc.tuple(fc.nat(2), fc.nat(2), fc.integer({ min: 1, max: 3000 })), { maxLength: 8 }) }),
        async ({ surplus, buckets, gifts }) => {
          const { declareSurplus } = await declare(server, coop, (surplus / 100).toFixed(2), `p${++period}`);
          const { openBudgetRound } = await server.request<Opened>(OPEN_ROUND, { input: { cooperativeId: coop.id, title: `R${period}`, surplusId: declareSurplus.id, grantingClosesAt: inHours(1) } }, coop.admin.token);
          const ids: string[] = [];
          for (const [min, extra] of buckets) {
            const { proposeBucket } = await server.request<{ proposeBucket: { id: string } }>(
              PROPOSE,
              { input: { roundId: openBudgetRound.id, title: 'b', description: '', minGoal: (min / 100).toFixed(2), maxGoal: ((min + extra) / 100).toFixed(2) } },
              members[0].user.token,
            );
            await server.request(APPROVE, { id: proposeBucket.id }, coop.admin.token);
            ids.push(proposeBucket.id);
          }
          for (const [who, which, cents] of gifts) {
            await server.request(CONTRIBUTE, { input: { bucketId: ids[which % ids.length], amount: (cents / 100).toFixed(2) } }, members[who].user.token).catch(() => undefined);
          }
          await server.request(CLOSE_ROUND, { id: openBudgetRound.id }, coop.admin.token);
          const ledger = await reserveOf(server, coop);
          expect(ledger.trialBalance).toBe('0.00');
          // Every round is settled: no member allocation or co-budget fund keeps a balance.
          const settling = ledger.accounts.filter((a) => ['MEMBER_ALLOCATION', 'COBUDGET_FUND'].includes(a.code));
          expect(settling.filter((a) => a.balance.amount !== '0.00')).toEqual([]);
          expect(settling.flatMap((a) => a.memberBalances.edges).filter((e) => e.node.balance.amount !== '0.00')).toEqual([]);
        },
      ),
      { numRuns: 8 },
    );
  });
});
