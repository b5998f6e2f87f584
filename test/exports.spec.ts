import { gql } from 'graphql-request';
import { TestServer } from './support/harness';
import { addMember, capital, createCooperative, founderUnit, labour, linkLicenseeAccount, signUp, TestCooperative, TestMember, unique } from './support/factories';
import { createProposal, vote } from './support/governance';

interface Download {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * A strict RFC 4180 reader (csv-parse is not installed): records end in CRLF, a field is either
 * unquoted (no comma, quote, CR or LF) or quoted with inner quotes doubled.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const fail = (why: string) => {
    throw new Error(`not RFC 4180 at ${i}: ${why}`);
  };
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) fail('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
    } else {
      while (i < text.length && !/[,\r\n]/.test(text[i])) {
        if (text[i] === '"') fail('quote in an unquoted field');
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else fail(i >= text.length ? 'last record without CRLF' : `unexpected ${JSON.stringify(text[i])}`);
  }
  return records;
}

/** The records as objects keyed by the header row; every record must have the header's width. */
function table(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  for (const row of rows) expect(row).toHaveLength(header.length);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
}

const cents = (amount: string) => BigInt(amount.replace('.', ''));

const CAP_TABLE = gql`
  query ($slug: String!) {
    cooperative(slug: $slug) {
      capTable {
        holders(first: 100) {
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
type CapTableView = { cooperative: { capTable: { holders: { edges: { node: { member: { id: string }; units: { class: string; units: string }[]; equityShare: string } }[] } } } };

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
        }
        entries(first: 100) {
          totalCount
          edges {
            node {
              id
              sourceType
              lines {
                accountCode
                memberId
                amount {
                  amount
                  currency
                }
              }
            }
          }
        }
      }
    }
  }
`;
type LedgerView = {
  cooperative: {
    ledger: {
      trialBalance: string;
      accounts: { code: string; balance: { amount: string } }[];
      entries: { totalCount: number; edges: { node: { id: string; sourceType: string; lines: { accountCode: string; memberId: string | null; amount: { amount: string; currency: string } }[] } }[] };
    };
  };
};

const MEMBERS = gql`
  query ($slug: String!) {
    cooperative(slug: $slug) {
      members(first: 100) {
        edges {
          node {
            id
            status
            roles
            classes
            user {
              displayName
            }
          }
        }
      }
    }
  }
`;
type MembersView = { cooperative: { members: { edges: { node: { id: string; status: string; roles: string[]; classes: string[]; user: { displayName: string } | null } }[] } } };

describe('CSV exports', () => {
  let server: TestServer;
  let coop: TestCooperative;
  const m: Record<string, TestMember> = {};
  beforeAll(async () => {
    server = await TestServer.start();
    // The worked example S2, as test/budgeting.spec.ts builds it.
    coop = await createCooperative(server);
    for (const name of ['F1', 'F2', 'I1', 'I2', 'W1', 'W2', 'W3']) m[name] = await addMember(server, coop, `${name.toLowerCase()}-${coop.slug}`);
    await founderUnit(server, coop, m.F1.id);
    await founderUnit(server, coop, m.F2.id);
    await capital(server, coop, m.I1.id, '3000.00');
    await capital(server, coop, m.I2.id, '1000.00');
    await labour(server, coop, m.W1.id, '100');
    await labour(server, coop, m.W2.id, '50');
    await labour(server, coop, m.W3.id, '50');
    await server.request(
      gql`
        mutation ($input: DeclareSurplusInput!) {
          declareSurplus(input: $input) {
            id
          }
        }
      `,
      { input: { cooperativeId: coop.id, period: 's2', amount: '100000.00', idempotencyKey: 's2' } },
      coop.admin.token,
    );
  });
  afterAll(() => server.close());

  const download = async (path: string, token?: string): Promise<Download> => {
    const response = await fetch(`${server.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const csv = async (path: string, token: string) => {
    const file = await download(path, token);
    expect({ status: file.status, body: file.status === 200 ? '' : file.text }).toEqual({ status: 200, body: '' });
    return table(file.text);
  };

  describe('the worked example S2', () => {
    it('exports the cap table with the exact holders, units and shares GraphQL shows', async () => {
      const file = await download(`/exports/${coop.id}/cap-table.csv`, m.F2.user.token);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${coop.slug}-cap-table.csv"`);
      expect(file.headers.get('cache-control')).toBe('no-store');

      const { cooperative } = await server.request<CapTableView>(CAP_TABLE, { slug: coop.slug }, m.F2.user.token);
      const fromGraphQL = cooperative.capTable.holders.edges.map(({ node }) => {
        const units = (c: string) => node.units.find((u) => u.class === c)?.units ?? '';
        return {
          member_id: node.member.id,
          founder_units: units('FOUNDER'),
          funder_units: units('FUNDER'),
          worker_units: units('WORKER'),
          user_units: units('USER'),
          equity_share: node.equityShare,
        };
      });
      const rows = table(file.text).map(({ display_name: _name, ...row }) => row);
      expect(rows).toEqual(fromGraphQL);
      expect(Object.fromEntries(rows.map((r) => [r.member_id, [r.founder_units || r.funder_units || r.worker_units, r.equity_share]]))).toEqual({
        [m.F1.id]: ['1', '0.125'],
        [m.F2.id]: ['1', '0.125'],
        [m.I1.id]: ['3000', '0.1875'],
        [m.I2.id]: ['1000', '0.0625'],
        [m.W1.id]: ['100', '0.125'],
        [m.W2.id]: ['50', '0.0625'],
        [m.W3.id]: ['50', '0.0625'],
      });
    });

    it('exports every journal line as the ledger shows it; lines sum to the trial balance and to each account balance', async () => {
      const rows = await csv(`/exports/${coop.id}/ledger-entries.csv`, m.W3.user.token);
      const { ledger } = (await server.request<LedgerView>(LEDGER, { slug: coop.slug }, m.W3.user.token)).cooperative;
      const lines = ledger.entries.edges.flatMap(({ node }) => node.lines.map((l) => ({ entry_id: node.id, source_type: node.sourceType, account_code: l.accountCode, member_id: l.memberId ?? '', amount: l.amount.amount, currency: l.amount.currency })));
      expect(rows.map((r) => ({ entry_id: r.entry_id, source_type: r.source_type, account_code: r.account_code, member_id: r.member_id, amount: r.amount, currency: r.currency }))).toEqual(lines);
      expect(new Set(rows.map((r) => r.entry_id)).size).toBe(ledger.entries.totalCount);

      const total = rows.reduce((sum, r) => sum + cents(r.amount), 0n);
      expect(total).toBe(cents(ledger.trialBalance));
      const byAccount = new Map<string, bigint>();
      for (const r of rows) byAccount.set(r.account_code, (byAccount.get(r.account_code) ?? 0n) + cents(r.amount));
      // Codes repeat across scopes (per round or bucket); compare sums per code.
      const balances = new Map<string, bigint>();
      for (const a of ledger.accounts) balances.set(a.code, (balances.get(a.code) ?? 0n) + cents(a.balance.amount));
      const codes = [...new Set([...byAccount.keys(), ...balances.keys()])];
      expect(codes.map((code) => [code, byAccount.get(code) ?? 0n])).toEqual(codes.map((code) => [code, balances.get(code) ?? 0n]));
      expect(byAccount.get('DIVIDENDS_PAYABLE')).toBe(-3750000n);
      expect(rows.every((r) => /^-?\d+\.\d{2}$/.test(r.amount))).toBe(true);
    });
  });

  it('lists the members with their status, roles and classes, as GraphQL shows them', async () => {
    await server.request(
      gql`
        mutation ($input: AddMemberInput!) {
          addMember(input: $input) {
            id
          }
        }
      `,
      { input: { cooperativeId: coop.id, email: `${unique('invited')}@example.org` } },
      coop.admin.token,
    );
    const rows = await csv(`/exports/${coop.id}/members.csv`, m.I1.user.token);
    const { cooperative } = await server.request<MembersView>(MEMBERS, { slug: coop.slug }, m.I1.user.token);
    expect(rows.map((r) => ({ id: r.member_id, name: r.display_name, status: r.status, roles: r.roles, classes: r.classes }))).toEqual(
      cooperative.members.edges.map(({ node }) => ({ id: node.id, name: node.user?.displayName ?? '', status: node.status, roles: node.roles.join(' '), classes: node.classes.join(' ') })),
    );
    expect(rows.find((r) => r.member_id === m.I1.id)).toMatchObject({ status: 'ACTIVE', classes: 'FUNDER', roles: 'MEMBER' });
    expect(rows[rows.length - 1]).toMatchObject({ status: 'INVITED', display_name: '' });
  });

  it('writes RFC 4180: a name with a comma, a quote and a line break round-trips; a formula-like name is neutralised', async () => {
    const tricky = 'Doe, "Jane"\nof Lisbon';
    await server.query(`UPDATE users SET display_name = $1 WHERE id = $2`, [tricky, m.W2.user.id]);
    await server.query(`UPDATE users SET display_name = '=HYPERLINK("http://evil.example")' WHERE id = $1`, [m.W3.user.id]);
    const file = await download(`/exports/${coop.id}/members.csv`, coop.admin.token);
    expect(file.text).toContain('"Doe, ""Jane""\nof Lisbon"');
    expect(file.text.endsWith('\r\n')).toBe(true);
    const rows = table(file.text);
    expect(rows.find((r) => r.member_id === m.W2.id)?.display_name).toBe(tricky);
    expect(rows.find((r) => r.member_id === m.W3.id)?.display_name).toBe(`'=HYPERLINK("http://evil.example")`);
  });

  describe('ballots', () => {
    it('exports anonymous ballots without voter or time, in ballot id order', async () => {
      const proposalId = await createProposal(server, coop, { anonymous: true, resultsVisibility: 'ALWAYS' });
      await vote(server, m.F1, proposalId, 'YES');
      await vote(server, m.W1, proposalId, 'NO');
      const file = await download(`/exports/${coop.id}/ballots.csv?proposalId=${proposalId}`, m.F2.user.token);
      expect(file.status).toBe(200);
      const rows = table(file.text);
      expect(rows.map((r) => r.choice).sort()).toEqual(['NO', 'YES']);
      expect(rows.map((r) => r.ballot_id)).toEqual(rows.map((r) => r.ballot_id).sort());
      for (const row of rows) expect({ ...row, ballot_id: '', choice: '' }).toEqual({ ballot_id: '', choice: '', reason: '', cast_at: '', member_id: '', member_name: '' });
      expect(file.text).not.toContain(m.F1.id);
      expect(file.text).not.toContain(m.W1.id);
    });

    it('names the voters of a named proposal, and hides ballots until the results may be seen', async () => {
      const named = await createProposal(server, coop, { resultsVisibility: 'ALWAYS' });
      await vote(server, m.F1, named, 'YES', 'Good idea');
      expect((await csv(`/exports/${coop.id}/ballots.csv?proposalId=${named}`, m.F2.user.token)).map((r) => [r.member_id, r.choice, r.reason])).toEqual([[m.F1.id, 'YES', 'Good idea']]);

      const hidden = await createProposal(server, coop, { resultsVisibility: 'AFTER_CLOSE' });
      const refused = await download(`/exports/${coop.id}/ballots.csv?proposalId=${hidden}`, m.F2.user.token);
      expect({ status: refused.status, type: refused.headers.get('content-type'), text: refused.text }).toEqual({ status: 403, type: 'text/plain; charset=utf-8', text: 'Ballots are hidden until the results may be seen\n' });
      expect((await download(`/exports/${coop.id}/ballots.csv`, m.F2.user.token)).status).toBe(400);
      expect((await download(`/exports/${coop.id}/ballots.csv?proposalId=${crypto.randomUUID()}`, m.F2.user.token)).status).toBe(404);
      const other = await createCooperative(server);
      const elsewhere = await createProposal(server, other, { resultsVisibility: 'ALWAYS' });
      expect((await download(`/exports/${coop.id}/ballots.csv?proposalId=${elsewhere}`, coop.admin.token)).status).toBe(404);
    });
  });

  describe('access', () => {
    it('answers 401 without a valid, current token', async () => {
      const none = await download(`/exports/${coop.id}/members.csv`);
      expect({ status: none.status, type: none.headers.get('content-type') }).toEqual({ status: 401, type: 'text/plain; charset=utf-8' });
      expect(none.text.split('\n')).toHaveLength(2);
      expect((await download(`/exports/${coop.id}/members.csv`, 'not-a-token')).status).toBe(401);

      const member = await addMember(server, coop);
      expect((await download(`/exports/${coop.id}/members.csv`, member.user.token)).status).toBe(200);
      await server.request('mutation { logOutEverywhere }', {}, member.user.token);
      expect(await download(`/exports/${coop.id}/members.csv`, member.user.token)).toMatchObject({ status: 401, text: 'This session has ended; log in again\n' });
    });

    it('answers 403 to outsiders on every export, and to members on invoices and payments', async () => {
      const outsider = await signUp(server);
      for (const name of ['members', 'cap-table', 'ledger-entries', 'invoices', 'payments']) {
        expect([name, (await download(`/exports/${coop.id}/${name}.csv`, outsider.token)).status]).toEqual([name, 403]);
      }
      for (const name of ['invoices', 'payments']) {
        expect([name, (await download(`/exports/${coop.id}/${name}.csv`, m.F1.user.token)).status]).toEqual([name, 403]);
        expect([name, (await download(`/exports/${coop.id}/${name}.csv`, coop.admin.token)).status]).toEqual([name, 200]);
      }
    });

    it('answers 400 to a malformed id, 404 to an unknown cooperative or export', async () => {
      expect(await download(`/exports/not-a-uuid/members.csv`, coop.admin.token)).toMatchObject({ status: 400, text: 'Invalid input: cooperativeId: must be a UUID\n' });
      expect((await download(`/exports/${crypto.randomUUID()}/members.csv`, coop.admin.token)).status).toBe(404);
      expect((await download(`/exports/${coop.id}/salaries.csv`, coop.admin.token)).status).toBe(404);
      expect((await download(`/exports/${coop.id}/members.json`, coop.admin.token)).status).toBe(404);
    });

    it("gives a licensee's own account its invoices and payments, and nobody else's", async () => {
      const REGISTER = gql`
        mutation ($input: RegisterLicenseeInput!) {
          registerLicensee(input: $input) {
            id
          }
        }
      `;
      const register = async (user: { email: string }) =>
        (await server.request<{ registerLicensee: { id: string } }>(REGISTER, { input: { cooperativeId: coop.id, name: 'Acme', email: user.email, use: 'NONCOMMERCIAL' } }, coop.admin.token))
          .registerLicensee.id;
      const acmeUser = await signUp(server);
      const acme = await register(acmeUser);
      await linkLicenseeAccount(server, coop, acme, acmeUser);
      const bigco = await register(await signUp(server));
      await server.request(
        gql`
          mutation ($input: RecordPaymentInput!) {
            recordPayment(input: $input) {
              id
            }
          }
        `,
        { input: { licenseeId: acme, amount: '12.50', idempotencyKey: 'p1' } },
        coop.admin.token,
      );

      const payments = await csv(`/exports/${coop.id}/payments.csv?licenseeId=${acme}`, acmeUser.token);
      expect(payments.map((p) => [p.licensee_id, p.amount, p.allocated, p.currency])).toEqual([[acme, '12.50', '0.00', 'EUR']]);
      expect(await csv(`/exports/${coop.id}/invoices.csv?licenseeId=${acme}`, acmeUser.token)).toEqual([]);
      expect((await download(`/exports/${coop.id}/payments.csv`, acmeUser.token)).status).toBe(403);
      expect((await download(`/exports/${coop.id}/payments.csv?licenseeId=${bigco}`, acmeUser.token)).status).toBe(403);
      expect((await download(`/exports/${coop.id}/payments.csv?licenseeId=nope`, acmeUser.token)).status).toBe(400);
    });
  });

  it('streams a large export and gives its connection back when the client walks away', async () => {
    const big = await createCooperative(server);
    const tag = unique('bulk');
    await server.query(`INSERT INTO users (email, password_hash, display_name) SELECT $1 || g || '@bulk.example', 'x', 'Bulk ' || g FROM generate_series(1, 20000) g`, [tag]);
    await server.query(`INSERT INTO members (cooperative_id, user_id, roles, status, admitted_at) SELECT $1, id, ARRAY['MEMBER'], 'ACTIVE', now() FROM users WHERE email LIKE $2 || '%'`, [big.id, tag]);
    const path = `${server.baseUrl}/exports/${big.id}/members.csv`;
    // The export's connection, while its cursor is open (idle in transaction between fetches).
    const exporting = async () =>
      (await server.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'tetrad' AND state <> 'idle' AND query LIKE '%ORDER BY m.seniority%' AND pid <> pg_backend_pid()`))[0].n;
    // More abandoned downloads than may run at once: each must have released its slot and connection.
    for (let i = 0; i < 5; i++) {
      const abort = new AbortController();
      const response = await fetch(path, { headers: { authorization: `Bearer ${big.admin.token}` }, signal: abort.signal });
      expect(response.status).toBe(200);
      await response.body!.getReader().read();
      expect(await exporting()).toBe(1);
      abort.abort();
      for (let waited = 0; waited < 2000 && (await exporting()) > 0; waited += 50) await new Promise((done) => setTimeout(done, 50));
      expect(await exporting()).toBe(0);
    }
    const rows = await csv(`/exports/${big.id}/members.csv`, big.admin.token);
    expect(rows).toHaveLength(20001);
  });
});
