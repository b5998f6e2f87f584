import { gql } from 'graphql-request';
import { expectCode, TestServer } from './support/harness';
import { addMember, createCooperative, labour, TestCooperative, TestMember } from './support/factories';
import { CLOSE_PROPOSAL, createProposal, inSeconds, vote } from './support/governance';
import { balanceOf, ledgerOf } from './support/ledger';

const DECLARE = gql`
  mutation ($input: DeclareSurplusInput!) {
    declareSurplus(input: $input) {
      id
    }
  }
`;
const SPEND = gql`
  query ($id: ID!) {
    proposal(id: $id) {
      outcome
      spend {
        amount {
          amount
        }
        bucketId
        payee
        memo
        status
        shortfall {
          amount
        }
        journalEntryId
      }
    }
  }
`;
type SpendView = {
  proposal: {
    outcome: string | null;
    spend: { amount: { amount: string }; bucketId: string | null; payee: string | null; memo: string | null; status: string; shortfall: { amount: string } | null; journalEntryId: string | null } | null;
  };
};

describe('decisions that move money (proposal spends)', () => {
  let server: TestServer;
  let coop: TestCooperative;
  let worker: TestMember;

  beforeAll(async () => {
    server = await TestServer.start();
    coop = await createCooperative(server);
    worker = await addMember(server, coop);
    await labour(server, coop, worker.id, '1');
    // A 1,000.00 surplus under the default bylaws: 300.00 to the reserve (and the empty classes' dividends: 375.00).
    await server.request(DECLARE, { input: { cooperativeId: coop.id, period: '2026', amount: '1000.00', idempotencyKey: 'spends-2026' } }, coop.admin.token);
  });
  afterAll(() => server.close());

  const spendOf = async (id: string) => (await server.request<SpendView>(SPEND, { id }, worker.user.token)).proposal;
  const ledger = () => ledgerOf(server, coop);
  const balanceOfCode = async (code: string) => balanceOf(await ledger(), code);

  it('records a spend as PENDING and refuses a malformed one, writing nothing', async () => {
    const id = await createProposal(server, coop, { spend: { amount: '25.00', payee: 'Bakery supplies Ltd', memo: 'Oven' } });
    expect((await spendOf(id)).spend).toEqual({ amount: { amount: '25.00' }, bucketId: null, payee: 'Bakery supplies Ltd', memo: 'Oven', status: 'PENDING', shortfall: null, journalEntryId: null });
    const before = await server.counts(['proposals', 'proposal_spends']);
    const refusals: [Record<string, unknown>, string][] = [
      [{ spend: { amount: '25.00' } }, 'spend.bucketId: give either bucketId or payee'],
      [{ spend: { amount: '25.00', payee: 'X', bucketId: '00000000-0000-4000-8000-000000000000' } }, 'give either bucketId or payee'],
      [{ spend: { amount: '25.00', bucketId: '00000000-0000-4000-8000-000000000000' } }, 'no bucket of this cooperative has this id'],
      [{ spend: { amount: '-1.00', payee: 'X' } }, 'amount'],
      [{ spend: { amount: '1.001', payee: 'X' } }, 'amount'],
      [{ method: 'APPROVAL', options: ['a', 'b'], spend: { amount: '1.00', payee: 'X' } }, 'only a YES_NO or CONSENT proposal can release money'],
    ];
    for (const [input, message] of refusals) {
      const error = await expectCode(createProposal(server, coop, input), 'BAD_USER_INPUT');
      expect(error.message).toContain(message);
    }
    expect(await server.counts(['proposals', 'proposal_spends'])).toEqual(before);
  });

  it('posts a passed spend once from the reserve, even when two instances close it together', async () => {
    const second = await TestServer.start({ PROPOSAL_CLOSER_INTERVAL_MS: '0' });
    try {
      const reserveBefore = await balanceOfCode('RESERVE');
      const ids = await Promise.all([1, 2, 3].map(() => createProposal(server, coop, { spend: { amount: '10.00', payee: 'Printer', memo: 'Flyers' } })));
      await Promise.all(ids.map((id) => vote(server, worker, id, 'YES')));
      await Promise.all(ids.flatMap((id) => [server, second, server, second].map((s) => s.request(CLOSE_PROPOSAL, { id }, coop.admin.token).catch(() => 'already closed'))));
      for (const id of ids) {
        const { outcome, spend } = await spendOf(id);
        expect(outcome).toBe('PASSED');
        expect(spend).toMatchObject({ status: 'POSTED', shortfall: null });
        expect(spend!.journalEntryId).toBeTruthy();
      }
      const [{ n }] = await server.query<{ n: number }>(`SELECT count(*)::int AS n FROM journal_entries WHERE source_type = 'PROPOSAL_SPEND' AND source_id = ANY($1)`, [ids]);
      expect(n).toBe(3);
      // Equity shows as credit balances (negative): 30.00 less credit in the reserve, 30.00 owed to payees.
      expect(Number(await balanceOfCode('RESERVE')) - Number(reserveBefore)).toBeCloseTo(30, 2);
      expect(await balanceOfCode('SPENDS_PAYABLE')).toBe('-30.00');
      expect((await ledger()).trialBalance).toBe('0.00');
    } finally {
      await second.close();
    }
  });

  it('marks a spend the reserve cannot cover UNFUNDED with the shortfall, and posts nothing', async () => {
    const reserve = (-Number(await balanceOfCode('RESERVE'))).toFixed(2);
    const id = await createProposal(server, coop, { spend: { amount: '100000.00', payee: 'Builder' } });
    await vote(server, worker, id, 'YES');
    await server.request(CLOSE_PROPOSAL, { id }, coop.admin.token);
    const { outcome, spend } = await spendOf(id);
    expect(outcome).toBe('PASSED');
    expect(spend).toMatchObject({ status: 'UNFUNDED', journalEntryId: null, shortfall: { amount: (100000 - Number(reserve)).toFixed(2) } });
    const [{ n }] = await server.query<{ n: number }>(`SELECT count(*)::int AS n FROM journal_entries WHERE source_id = $1`, [id]);
    expect(n).toBe(0);
    expect((-Number(await balanceOfCode('RESERVE'))).toFixed(2)).toBe(reserve);
  });

  it('leaves the spend of a rejected proposal PENDING and posts nothing', async () => {
    const id = await createProposal(server, coop, { spend: { amount: '5.00', payee: 'Printer' } });
    await vote(server, worker, id, 'NO');
    await server.request(CLOSE_PROPOSAL, { id }, coop.admin.token);
    expect(await spendOf(id)).toMatchObject({ outcome: 'REJECTED', spend: { status: 'PENDING', journalEntryId: null } });
  });

  it('funds a bucket when a spend names one, and the background closer posts it exactly once', async () => {
    const [{ id: surplusId }] = await server.query<{ id: string }>(`SELECT id FROM surplus_declarations WHERE cooperative_id = $1`, [coop.id]);
    const { openBudgetRound } = await server.request<{ openBudgetRound: { id: string } }>(
      gql`
        mutation ($input: OpenBudgetRoundInput!) {
          openBudgetRound(input: $input) {
            id
          }
        }
      `,
      { input: { cooperativeId: coop.id, title: 'Tools', surplusId, grantingClosesAt: inSeconds(3600) } },
      coop.admin.token,
    );
    const { proposeBucket } = await server.request<{ proposeBucket: { id: string } }>(
      gql`
        mutation ($input: ProposeBucketInput!) {
          proposeBucket(input: $input) {
            id
          }
        }
      `,
      { input: { roundId: openBudgetRound.id, title: 'Drill', description: '', minGoal: '40.00', maxGoal: '80.00' } },
      worker.user.token,
    );
    const closers = await Promise.all([TestServer.start({ PROPOSAL_CLOSER_INTERVAL_MS: '100' }), TestServer.start({ PROPOSAL_CLOSER_INTERVAL_MS: '100' })]);
    try {
      const id = await createProposal(server, coop, { closesAt: inSeconds(3), spend: { amount: '40.00', bucketId: proposeBucket.id } });
      await vote(server, worker, id, 'YES');
      for (let waited = 0; waited < 8000 && (await spendOf(id)).spend!.status === 'PENDING'; waited += 250) await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await spendOf(id)).spend).toMatchObject({ status: 'POSTED', bucketId: proposeBucket.id });
      const funded = await server.query<{ funded: string }>(
        `SELECT (-sum(l.amount))::text AS funded FROM ledger_accounts a JOIN journal_lines l ON l.account_id = a.id WHERE a.code = 'BUCKET_FUNDS' AND a.scope_id = $1`,
        [proposeBucket.id],
      );
      expect(funded[0].funded).toBe('40.00');
      expect((await ledger()).trialBalance).toBe('0.00');
    } finally {
      await Promise.all(closers.map((c) => c.close()));
    }
  });
});
