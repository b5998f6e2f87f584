import { gql } from 'graphql-request';
import { expectCode, TestServer } from './support/harness';
import { addMember, adminMemberId, capital, createCooperative, founderUnit, labour, patronage, RECORD_CAPITAL, RECORD_LABOUR, signUp, TestCooperative } from './support/factories';

const CAP_TABLE = gql`
  query ($slug: String!, $first: Int, $after: String) {
    cooperative(slug: $slug) {
      capTable {
        unallocatedShare
        classes {
          class
          equityWeight
          voteWeight
          totalUnits
          memberCount
        }
        holders(first: $first, after: $after) {
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
              units {
                class
                units
              }
              equityShare
            }
          }
        }
      }
    }
  }
`;
const MEMBER_SHARES = gql`
  query ($slug: String!) {
    cooperative(slug: $slug) {
      members(first: 100) {
        edges {
          node {
            id
            classes
            equityShare
            status
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
          type
          perMember
          balance {
            amount
            currency
          }
          memberBalances {
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
        entries(first: 10) {
          totalCount
          edges {
            node {
              sourceType
              lines {
                accountCode
                memberId
                amount {
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
const CLOSE_FOUNDING = gql`
  mutation ($id: ID!) {
    closeFounding(cooperativeId: $id) {
      foundingOpen
    }
  }
`;

type Holder = { member: { id: string }; units: { class: string; units: string }[]; equityShare: string };
type CapTableResult = {
  cooperative: {
    capTable: {
      unallocatedShare: string;
      classes: { class: string; totalUnits: string; memberCount: number; equityWeight: string; voteWeight: string }[];
      holders: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Holder }[] };
    };
  };
};

const REGISTER_TABLES = ['unit_entries', 'member_class_units', 'journal_entries', 'journal_lines', 'ledger_accounts'];

describe('members, the unit register and the fair-shares cap table', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.close());

  describe('a cooperative with members in all four classes', () => {
    let coop: TestCooperative;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      coop = await createCooperative(server);
      ids.admin = await adminMemberId(server, coop);
      ids.founder = (await addMember(server, coop)).id;
      ids.worker = (await addMember(server, coop)).id;
      ids.funder = (await addMember(server, coop)).id;
      ids.user = (await addMember(server, coop)).id;
      await founderUnit(server, coop, ids.admin);
      await founderUnit(server, coop, ids.founder);
      await labour(server, coop, ids.admin, '1');
      await labour(server, coop, ids.worker, '2');
      await capital(server, coop, ids.funder, '1000.00');
    });

    it('shows the quarter of the empty USER class as unallocated', async () => {
      const { cooperative } = await server.request<CapTableResult>(CAP_TABLE, { slug: coop.slug }, coop.admin.token);
      expect(cooperative.capTable.unallocatedShare).toBe('0.25');
      expect(cooperative.capTable.classes).toEqual([
        { class: 'FOUNDER', equityWeight: '0.25', voteWeight: '0.25', totalUnits: '2', memberCount: 2 },
        { class: 'FUNDER', equityWeight: '0.25', voteWeight: '0.25', totalUnits: '1000', memberCount: 1 },
        { class: 'WORKER', equityWeight: '0.25', voteWeight: '0.25', totalUnits: '3', memberCount: 2 },
        { class: 'USER', equityWeight: '0.25', voteWeight: '0.25', totalUnits: '0', memberCount: 0 },
      ]);
    });

    it('gives exact shares: 1 of 3 worker units and 1 of 2 founder units is 1/12 + 1/8 = 5/24', async () => {
      await patronage(server, coop, ids.user, '50.00');
      const { cooperative } = await server.request<CapTableResult>(CAP_TABLE, { slug: coop.slug, first: 10 }, coop.admin.token);
      const shares = Object.fromEntries(cooperative.capTable.holders.edges.map(({ node }) => [node.member.id, node.equityShare]));
      expect(shares).toEqual({
        [ids.admin]: '0.2083333333333333333333333333333333333333',
        [ids.founder]: '0.125',
        [ids.worker]: '0.1666666666666666666666666666666666666667',
        [ids.funder]: '0.25',
        [ids.user]: '0.25',
      });
      expect(cooperative.capTable.unallocatedShare).toBe('0');
      const admin = cooperative.capTable.holders.edges.find(({ node }) => node.member.id === ids.admin)!.node;
      expect(admin.units).toEqual([
        { class: 'FOUNDER', units: '1' },
        { class: 'WORKER', units: '1' },
      ]);
    });

    it('keeps the invariant: the shares and the unallocated part add up to 1', async () => {
      const { cooperative } = await server.request<CapTableResult>(CAP_TABLE, { slug: coop.slug, first: 10 }, coop.admin.token);
      // Each displayed share is rounded to 40 significant digits, so the sum may differ from 1 only there.
      const sum = cooperative.capTable.holders.edges.reduce((total, { node }) => total + BigInt(node.equityShare.replace('0.', '').padEnd(42, '0').slice(0, 42)), 0n);
      const unallocated = BigInt(cooperative.capTable.unallocatedShare === '0' ? 0 : cooperative.capTable.unallocatedShare.replace('0.', '').padEnd(42, '0').slice(0, 42));
      const one = 10n ** 42n;
      const error = sum + unallocated - one;
      expect(error >= -10n && error <= 10n).toBe(true);
    });

    it('pages the holders in admission order with cursors', async () => {
      const first = await server.request<CapTableResult>(CAP_TABLE, { slug: coop.slug, first: 2 }, coop.admin.token);
      const page1 = first.cooperative.capTable.holders;
      expect(page1.totalCount).toBe(5);
      expect(page1.edges.map((e) => e.node.member.id)).toEqual([ids.admin, ids.founder]);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const rest = await server.request<CapTableResult>(CAP_TABLE, { slug: coop.slug, first: 10, after: page1.pageInfo.endCursor }, coop.admin.token);
      expect(rest.cooperative.capTable.holders.edges.map((e) => e.node.member.id)).toEqual([ids.worker, ids.funder, ids.user]);
      expect(rest.cooperative.capTable.holders.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
      await expectCode(server.request(CAP_TABLE, { slug: coop.slug, first: 101 }, coop.admin.token), 'BAD_USER_INPUT');
      await expectCode(server.request(CAP_TABLE, { slug: coop.slug, first: 1, after: 'bm90LWEtY3Vyc29y' }, coop.admin.token), 'BAD_USER_INPUT');
    });

    it('posts capital to the ledger as cash against member capital, with a zero trial balance', async () => {
      const { cooperative } = await server.request<{ cooperative: { ledger: any } }>(LEDGER, { slug: coop.slug }, coop.admin.token);
      expect(cooperative.ledger.trialBalance).toBe('0.00');
      const noMembers = { totalCount: 0, edges: [] };
      expect(cooperative.ledger.accounts).toEqual([
        { code: 'CASH', type: 'ASSET', perMember: false, balance: { amount: '1000.00', currency: 'EUR' }, memberBalances: noMembers },
        {
          code: 'MEMBER_CAPITAL',
          type: 'EQUITY',
          perMember: true,
          balance: { amount: '-1000.00', currency: 'EUR' },
          memberBalances: { totalCount: 1, edges: [{ node: { member: { id: ids.funder }, balance: { amount: '-1000.00' } } }] },
        },
      ]);
      expect(cooperative.ledger.entries.totalCount).toBe(1);
      expect(cooperative.ledger.entries.edges[0].node).toEqual({
        sourceType: 'CAPITAL_CONTRIBUTION',
        lines: [
          { accountCode: 'CASH', memberId: null, amount: { amount: '1000.00' } },
          { accountCode: 'MEMBER_CAPITAL', memberId: ids.funder, amount: { amount: '-1000.00' } },
        ],
      });
    });

    it('lists members with their classes and filters by class', async () => {
      const { cooperative } = await server.request<{ cooperative: { members: { edges: { node: { id: string; classes: string[] } }[] } } }>(MEMBER_SHARES, { slug: coop.slug }, coop.admin.token);
      expect(cooperative.members.edges.map((e) => [e.node.id, e.node.classes])).toEqual([
        [ids.admin, ['FOUNDER', 'WORKER']],
        [ids.founder, ['FOUNDER']],
        [ids.worker, ['WORKER']],
        [ids.funder, ['FUNDER']],
        [ids.user, ['USER']],
      ]);
      const workers = await server.request<{ cooperative: { members: { totalCount: number } } }>(
        gql`
          query ($slug: String!) {
            cooperative(slug: $slug) {
              members(class: WORKER) {
                totalCount
              }
            }
          }
        `,
        { slug: coop.slug },
        coop.admin.token,
      );
      expect(workers.cooperative.members.totalCount).toBe(2);
    });
  });

  it('issues labour units at the bylaws rate: 7.5 hours at 2 units per hour', async () => {
    const coop = await createCooperative(server, undefined, { bylaws: { workerUnitsPerHour: '2' } });
    const worker = await addMember(server, coop);
    const { recordLabour } = await server.request<{ recordLabour: { units: string; hours: string; class: string; kind: string } }>(
      RECORD_LABOUR,
      { input: { memberId: worker.id, hours: '7.5', description: 'Built the oven', occurredOn: '2026-02-01' } },
      coop.admin.token,
    );
    expect(recordLabour).toEqual({ id: expect.any(String), units: '15', hours: '7.5', class: 'WORKER', kind: 'LABOUR' });
  });

  describe('refuses bad input with its code and writes nothing', () => {
    let coop: TestCooperative;
    let memberId: string;
    beforeAll(async () => {
      coop = await createCooperative(server);
      memberId = (await addMember(server, coop)).id;
    });

    const labourCases: [string, Record<string, unknown>, string][] = [
      ['zero hours', { hours: '0' }, 'BAD_USER_INPUT'],
      ['negative hours', { hours: '-3' }, 'BAD_USER_INPUT'],
      ['hours with 3 decimals', { hours: '1.125' }, 'BAD_USER_INPUT'],
      ['hours as a number', { hours: 3 }, 'BAD_USER_INPUT'],
      ['an empty description', { description: '' }, 'BAD_USER_INPUT'],
      ['a date in the future', { occurredOn: '2999-01-01' }, 'BAD_USER_INPUT'],
      ['an impossible date', { occurredOn: '2026-02-30' }, 'BAD_USER_INPUT'],
      ['an unknown member', { memberId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND'],
    ];
    it.each(labourCases)('labour with %s', async (_label, override, code) => {
      const before = await server.counts(REGISTER_TABLES);
      await expectCode(server.request(RECORD_LABOUR, { input: { memberId, hours: '2', description: 'work', occurredOn: '2026-01-01', ...override } }, coop.admin.token), code);
      expect(await server.counts(REGISTER_TABLES)).toEqual(before);
    });

    it.each([
      ['zero', '0'],
      ['negative', '-10.00'],
      ['3 decimals', '10.001'],
      ['an exponent', '1e3'],
    ])('capital that is %s', async (_label, amount) => {
      const before = await server.counts(REGISTER_TABLES);
      await expectCode(server.request(RECORD_CAPITAL, { input: { memberId, amount } }, coop.admin.token), 'BAD_USER_INPUT');
      expect(await server.counts(REGISTER_TABLES)).toEqual(before);
    });

    it('labour for a member of another cooperative', async () => {
      const other = await createCooperative(server);
      const outsider = await addMember(server, other);
      const before = await server.counts(REGISTER_TABLES);
      await expectCode(server.request(RECORD_LABOUR, { input: { memberId: outsider.id, hours: '2', description: 'work', occurredOn: '2026-01-01' } }, coop.admin.token), 'FORBIDDEN');
      expect(await server.counts(REGISTER_TABLES)).toEqual(before);
    });

    it('contributions recorded by a member who is not a coordinator', async () => {
      const plain = await addMember(server, coop);
      const before = await server.counts(REGISTER_TABLES);
      await expectCode(server.request(RECORD_CAPITAL, { input: { memberId: plain.id, amount: '10.00' } }, plain.user.token), 'FORBIDDEN');
      expect(await server.counts(REGISTER_TABLES)).toEqual(before);
    });

    it('founder units after founding closed, and closing twice', async () => {
      const founding = await createCooperative(server);
      const founder = await addMember(server, founding);
      await founderUnit(server, founding, founder.id);
      await expectCode(founderUnit(server, founding, founder.id), 'CONFLICT');
      expect(await server.request(CLOSE_FOUNDING, { id: founding.id }, founding.admin.token)).toEqual({ closeFounding: { foundingOpen: false } });
      const late = await addMember(server, founding);
      const before = await server.counts(REGISTER_TABLES);
      const error = await expectCode(founderUnit(server, founding, late.id), 'CONFLICT');
      expect(error.message).toMatch(/Founding is closed/);
      await expectCode(server.request(CLOSE_FOUNDING, { id: founding.id }, founding.admin.token), 'CONFLICT');
      expect(await server.counts(REGISTER_TABLES)).toEqual(before);
    });
  });

  it('records 50 parallel labour entries for one member exactly once each', async () => {
    const coop = await createCooperative(server);
    const worker = await addMember(server, coop);
    await Promise.all(Array.from({ length: 50 }, (_, i) => labour(server, coop, worker.id, `${(i % 5) + 1}.25`)));
    const [entries] = await server.query<{ n: number; hours: string }>(`SELECT count(*)::int AS n, sum(hours)::text AS hours FROM unit_entries WHERE member_id = $1`, [worker.id]);
    // Σ over 10 rounds of (1.25 + 2.25 + 3.25 + 4.25 + 5.25) = 10 × 16.25 = 162.50
    expect(entries).toEqual({ n: 50, hours: '162.50' });
    const { cooperative } = await server.request<CapTableResult>(CAP_TABLE, { slug: coop.slug }, coop.admin.token);
    expect(cooperative.capTable.classes.find((c) => c.class === 'WORKER')?.totalUnits).toBe('162.5');
  });

  describe('access', () => {
    it('lets only members read the cap table and the ledger', async () => {
      const coop = await createCooperative(server);
      const stranger = await signUp(server);
      await expectCode(server.request(CAP_TABLE, { slug: coop.slug }, stranger.token), 'FORBIDDEN');
      await expectCode(server.request(CAP_TABLE, { slug: coop.slug }), 'UNAUTHENTICATED');
      await expectCode(server.request(LEDGER, { slug: coop.slug }, stranger.token), 'FORBIDDEN');
      await expectCode(server.request(MEMBER_SHARES, { slug: coop.slug }, stranger.token), 'FORBIDDEN');
    });

    it('does not let a coordinator of one cooperative read another', async () => {
      const a = await createCooperative(server);
      const b = await createCooperative(server);
      await expectCode(server.request(LEDGER, { slug: b.slug }, a.admin.token), 'FORBIDDEN');
    });
  });

  describe('the register and the ledger are append-only in the database itself', () => {
    it('refuses to update or delete a register entry or a journal line', async () => {
      const coop = await createCooperative(server);
      const funder = await addMember(server, coop);
      await capital(server, coop, funder.id, '10.00');
      await expect(server.query(`UPDATE unit_entries SET units = 99 WHERE member_id = $1`, [funder.id])).rejects.toThrow(/immutable/);
      await expect(server.query(`DELETE FROM unit_entries WHERE member_id = $1`, [funder.id])).rejects.toThrow(/immutable/);
      await expect(server.query(`DELETE FROM journal_lines WHERE member_id = $1`, [funder.id])).rejects.toThrow(/immutable/);
      await expect(server.query(`UPDATE ledger_accounts SET code = 'CASH' WHERE cooperative_id = $1`, [coop.id])).rejects.toThrow(/immutable/);
      await expect(server.query(`DELETE FROM members WHERE id = $1`, [funder.id])).rejects.toThrow(/immutable/);
    });

    // Each case writes one entry's lines by hand in a transaction that is rolled back.
    const writeLines = async (coopId: string, lines: (db: { entry: string; cash: string; capital: string }) => { sql: string; params: unknown[] }[]) => {
      const client = await server.db.connect();
      try {
        await client.query('BEGIN');
        const account = async (code: string, type: string, perMember: boolean) =>
          ((await client.query(`INSERT INTO ledger_accounts (cooperative_id, code, type, per_member) VALUES ($1, $2, $3, $4) RETURNING id`, [coopId, code, type, perMember])).rows as { id: string }[])[0].id;
        const ids = {
          cash: await account('CASH', 'ASSET', false),
          capital: await account('MEMBER_CAPITAL', 'EQUITY', true),
          entry: ((await client.query(`INSERT INTO journal_entries (cooperative_id, description, source_type) VALUES ($1, 'by hand', 'TEST') RETURNING id`, [coopId])).rows as { id: string }[])[0].id,
        };
        for (const statement of lines(ids)) await client.query(statement.sql, statement.params);
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    };
    const INSERT = `INSERT INTO journal_lines (entry_id, line_no, account_id, member_id, amount) VALUES`;

    it('refuses to write an unbalanced journal entry, or to add lines to an entry after its statement', async () => {
      const coop = await createCooperative(server);
      const member = await addMember(server, coop);
      await expect(writeLines(coop.id, ({ entry, cash }) => [{ sql: `${INSERT} ($1, 1, $2, NULL, 10.00)`, params: [entry, cash] }])).rejects.toThrow(/unbalanced by 10.00/);
      const balanced = (entry: string, cash: string, capital: string) => ({ sql: `${INSERT} ($1, 1, $2, NULL, 10.00), ($1, 2, $3, $4, -10.00)`, params: [entry, cash, capital, member.id] });
      await expect(writeLines(coop.id, ({ entry, cash, capital }) => [balanced(entry, cash, capital)])).resolves.toBeUndefined();
      await expect(
        writeLines(coop.id, ({ entry, cash, capital }) => [balanced(entry, cash, capital), { sql: `${INSERT} ($1, 3, $2, NULL, 5.00), ($1, 4, $2, NULL, -5.00)`, params: [entry, cash] }]),
      ).rejects.toThrow(/already has lines/);
    });

    it('refuses lines whose account or member is missing, of another cooperative, or per member where the line is not', async () => {
      const coop = await createCooperative(server);
      const other = await createCooperative(server);
      const member = await addMember(server, coop);
      const stranger = await addMember(server, other);
      const pair = (entry: string, debit: string, credit: string, member: string | null) => ({ sql: `${INSERT} ($1, 1, $2, NULL, 10.00), ($1, 2, $3, $4, -10.00)`, params: [entry, debit, credit, member] });
      await expect(writeLines(coop.id, ({ entry, cash, capital }) => [pair(entry, cash, capital, stranger.id)])).rejects.toThrow(/not a member of its cooperative/);
      await expect(writeLines(coop.id, ({ entry, cash, capital }) => [pair(entry, cash, capital, '00000000-0000-4000-8000-000000000000')])).rejects.toThrow(/not a member/);
      await expect(writeLines(coop.id, ({ entry, cash, capital }) => [pair(entry, cash, capital, null)])).rejects.toThrow(/per member/);
      await expect(writeLines(coop.id, ({ entry, cash }) => [pair(entry, cash, cash, member.id)])).rejects.toThrow(/per member/);
      await expect(writeLines(coop.id, ({ entry, capital }) => [pair(entry, '00000000-0000-4000-8000-000000000000', capital, member.id)])).rejects.toThrow(/missing/);
      const [{ id: foreign }] = await server.query<{ id: string }>(`INSERT INTO ledger_accounts (cooperative_id, code, type) VALUES ($1, 'CASH', 'ASSET') RETURNING id`, [other.id]);
      await expect(writeLines(coop.id, ({ entry, capital }) => [pair(entry, foreign, capital, member.id)])).rejects.toThrow(/another cooperative/);
      await expect(writeLines(coop.id, ({ cash, capital }) => [pair('00000000-0000-4000-8000-000000000000', cash, capital, member.id)])).rejects.toThrow(/missing/);
    });
  });
});
