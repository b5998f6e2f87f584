import Decimal from 'decimal.js';
import fc from 'fast-check';
import { gql } from 'graphql-request';
import { formatCents, toCents } from 'src/common/money/decimal';
import { CLASS_ORDER, StakeholderClass } from 'src/common/stakeholder-class';
import { distributeByClass, Holder, splitSurplus, WithinClass } from 'src/budgeting/distribution';
import { TestServer } from './support/harness';
import { addMember, capital, createCooperative, founderUnit, labour, patronage } from './support/factories';

// The database computes dividends and allocations while it writes the ledger lines
// (budgeting/member-shares.sql.ts). This checks it against the pure reference model on random
// cooperatives: fractional and tied units, members in several classes, empty classes, both modes.

const LINES = `edges { node { class amount { amount } member { id } } }`;
const DECLARE = gql`
  mutation ($input: DeclareSurplusInput!) {
    declareSurplus(input: $input) { id dividends { amount } cobudget { amount } payouts(first: 100) { ${LINES} } }
  }
`;
const OPEN_ROUND = gql`
  mutation ($input: OpenBudgetRoundInput!) {
    openBudgetRound(input: $input) { allocations(first: 100) { ${LINES} } }
  }
`;
type Lines = { edges: { node: { class: string; amount: { amount: string }; member: { id: string } } }[] };

/** What one member holds: each part is a unit amount, or null for none (small sets, so ties are common). */
const holding = fc.record({
  founder: fc.boolean(),
  hours: fc.option(fc.constantFrom('1', '1.5', '2', '7.25'), { nil: null }),
  capital: fc.option(fc.constantFrom('10.00', '10.50', '33.33', '100.00'), { nil: null }),
  patronage: fc.option(fc.constantFrom('1.00', '2.00', '0.01'), { nil: null }),
});

const asSet = (lines: Lines) => lines.edges.map((e) => `${e.node.member.id} ${e.node.class} ${e.node.amount.amount}`).sort();
const expected = (poolCents: bigint, holders: Holder[], within: WithinClass, perMember: StakeholderClass[]) =>
  distributeByClass(poolCents, holders, within, perMember)
    .shares.filter((s) => s.cents > 0n)
    .map((s) => `${s.memberId} ${s.class} ${formatCents(s.cents)}`)
    .sort();

describe('dividends and allocations computed by the database', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.close());

  it('equal the reference model share for share, for any holders', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(holding, { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 100, max: 2_000_000_000 }),
        fc.constantFrom<WithinClass>('EQUAL', 'PRO_RATA'),
        // "One member, one share" in any set of classes (the venture commune's rule).
        fc.subarray(CLASS_ORDER as StakeholderClass[]),
        async (holdings, cents, within, perMember) => {
          const coop = await createCooperative(server, undefined, {
            bylaws: { reservePercent: '10', dividendPercent: '55', cobudgetPercent: '35', cobudgetAllocation: within, perMemberEquityClasses: perMember },
          });
          const holders: Holder[] = [];
          for (const [rank, h] of holdings.entries()) {
            // Admitted one after another: their order is their seniority, which breaks ties.
            const member = await addMember(server, coop);
            const units = new Map<StakeholderClass, Decimal>();
            if (h.founder) await founderUnit(server, coop, member.id).then(() => units.set(StakeholderClass.FOUNDER, new Decimal(1)));
            if (h.hours) await labour(server, coop, member.id, h.hours).then(() => units.set(StakeholderClass.WORKER, new Decimal(h.hours!)));
            if (h.capital) await capital(server, coop, member.id, h.capital).then(() => units.set(StakeholderClass.FUNDER, new Decimal(h.capital!)));
            if (h.patronage) await patronage(server, coop, member.id, h.patronage).then(() => units.set(StakeholderClass.USER, new Decimal(h.patronage!)));
            holders.push({ memberId: member.id, rank, units });
          }
          const amount = formatCents(BigInt(cents));
          const split = splitSurplus(toCents(new Decimal(amount)), { reserve: new Decimal(10), dividends: new Decimal(55), cobudget: new Decimal(35) });

          const { declareSurplus } = await server.request<{ declareSurplus: { id: string; dividends: { amount: string }; payouts: Lines } }>(
            DECLARE,
            { input: { cooperativeId: coop.id, period: '2026', amount, idempotencyKey: 'p' } },
            coop.admin.token,
          );
          expect(declareSurplus.dividends.amount).toBe(formatCents(split.dividends));
          expect(asSet(declareSurplus.payouts)).toEqual(expected(split.dividends, holders, 'PRO_RATA', perMember));

          const { openBudgetRound } = await server.request<{ openBudgetRound: { allocations: Lines } }>(
            OPEN_ROUND,
            { input: { cooperativeId: coop.id, title: 'R', surplusId: declareSurplus.id, grantingClosesAt: new Date(Date.now() + 3600_000).toISOString() } },
            coop.admin.token,
          );
          expect(asSet(openBudgetRound.allocations)).toEqual(expected(split.cobudget, holders, within, perMember));
        },
      ),
      { numRuns: 16 },
    );
  });
});
