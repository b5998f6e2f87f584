import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { gql } from 'graphql-request';
import { expectCode, TestServer } from './support/harness';
import { addMember, adminMemberId, capital, createCooperative, founderUnit, labour, patronage, TestCooperative, TestMember } from './support/factories';
import { CLOSE_PROPOSAL, createProposal, vote } from './support/governance';
import { balanceOf, ledgerOf } from './support/ledger';

const DECLARE = gql`
  mutation ($input: DeclareSurplusInput!) {
    declareSurplus(input: $input) {
      payouts(first: 100) {
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
const MEMBER_SHARE = gql`
  query ($id: ID!) {
    member(id: $id) {
      equityShare
      classes
    }
  }
`;
const REGISTER_ASSET = gql`
  mutation ($input: RegisterAssetInput!) {
    registerAsset(input: $input) {
      id
      title
      kind
      cost {
        amount
      }
      acquiredOn
    }
  }
`;
const REGISTER_LICENSEE = gql`
  mutation ($input: RegisterLicenseeInput!) {
    registerLicensee(input: $input) {
      id
    }
  }
`;
const GRANT_RENTAL = gql`
  mutation ($input: GrantRentalInput!) {
    grantRental(input: $input) {
      id
      startsOn
      rent {
        period
        amount
        revenuePercent
      }
      asset {
        title
      }
      tenant {
        name
      }
    }
  }
`;
const ISSUE = gql`
  mutation ($input: IssueInvoicesInput!) {
    issueInvoices(input: $input) {
      id
      kind
      period
    }
  }
`;
const PAY = gql`
  mutation ($input: RecordPaymentInput!) {
    recordPayment(input: $input) {
      id
      allocated {
        amount
      }
    }
  }
`;
const TENANT = gql`
  query ($id: ID!) {
    licensee(id: $id) {
      standing
      balanceDue {
        amount
      }
      agreements {
        kind
      }
    }
  }
`;
const ISSUE_SERIES = gql`
  mutation ($input: IssueBondSeriesInput!) {
    issueBondSeries(input: $input) {
      id
      couponPercent
      couponPeriod
    }
  }
`;
const BUY = gql`
  mutation ($input: BondPurchaseInput!) {
    recordBondPurchase(input: $input) {
      id
      principal {
        amount
      }
      memberId
      holderName
      closed
    }
  }
`;
const COUPONS = gql`
  mutation ($input: PayCouponsInput!) {
    payBondCoupons(input: $input) {
      id
      holdingId
      kind
      period
      amount {
        amount
      }
    }
  }
`;
const REDEEM = gql`
  mutation ($seriesId: ID!) {
    redeemBonds(seriesId: $seriesId) {
      id
      holdingId
      kind
      amount {
        amount
      }
    }
  }
`;
const SERIES = gql`
  query ($slug: String!) {
    cooperative(slug: $slug) {
      bondSeries {
        id
        outstanding {
          amount
        }
        holdings {
          id
          principal {
            amount
          }
          closed
        }
      }
    }
  }
`;

type Payment = { id: string; holdingId: string; kind: string; period: string; amount: { amount: string } };

describe("the venture commune's economics", () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.close());

  const ledger = (coop: TestCooperative) => ledgerOf(server, coop);

  describe('one member, one share (worked example)', () => {
    let coop: TestCooperative;
    let workers: TestMember[];

    beforeAll(async () => {
      coop = await createCooperative(server, undefined, { bylaws: { perMemberEquityClasses: ['WORKER'] } });
      const [funder, user] = [await addMember(server, coop), await addMember(server, coop)];
      // Admitted in this order: 10 hours, 100 hours, 1,000 hours.
      workers = [await addMember(server, coop), await addMember(server, coop), await addMember(server, coop)];
      await founderUnit(server, coop, await adminMemberId(server, coop));
      await capital(server, coop, funder.id, '500.00');
      await patronage(server, coop, user.id, '20.00');
      for (const [worker, hours] of [
        [workers[0], '10'],
        [workers[1], '100'],
        [workers[2], '1000'],
      ] as const)
        await labour(server, coop, worker.id, hours);
    });

    it('gives workers with 10, 100 and 1,000 hours 1/12 of the equity each when all four classes are held', async () => {
      const twelfth = `0.08${'3'.repeat(39)}`;
      for (const worker of workers) {
        const { member } = await server.request<{ member: { equityShare: string; classes: string[] } }>(MEMBER_SHARE, { id: worker.id }, coop.admin.token);
        expect(member).toEqual({ equityShare: twelfth, classes: ['WORKER'] });
      }
    });

    it('exports the same 1/12 in the cap-table CSV, with the hours still shown', async () => {
      const response = await fetch(`${server.baseUrl}/exports/${coop.id}/cap-table.csv`, { headers: { authorization: `Bearer ${coop.admin.token}` } });
      expect(response.status).toBe(200);
      const rows = parse(await response.text()) as string[][];
      const [header] = rows;
      const at = (name: string) => header.indexOf(name);
      const byMember = new Map(rows.slice(1).map((row) => [row[at('member_id')], row]));
      expect(workers.map((w) => [byMember.get(w.id)![at('worker_units')], byMember.get(w.id)![at('equity_share')]])).toEqual([
        ['10', `0.08${'3'.repeat(39)}`],
        ['100', `0.08${'3'.repeat(39)}`],
        ['1000', `0.08${'3'.repeat(39)}`],
      ]);
    });

    it('pays a 1,000.00 worker dividend as 333.34, 333.33 and 333.33, the extra cent by seniority', async () => {
      // 8,000.00 of surplus under 30/50/20: 4,000.00 of dividends, a quarter (1,000.00) per class.
      const { declareSurplus } = await server.request<{ declareSurplus: { payouts: { edges: { node: { class: string; amount: { amount: string }; member: { id: string } } }[] } } }>(
        DECLARE,
        { input: { cooperativeId: coop.id, period: '2026', amount: '8000.00', idempotencyKey: 'vc-2026' } },
        coop.admin.token,
      );
      const toWorkers = declareSurplus.payouts.edges.filter((e) => e.node.class === 'WORKER');
      expect(workers.map((w) => toWorkers.find((e) => e.node.member.id === w.id)!.node.amount.amount)).toEqual(['333.34', '333.33', '333.33']);
    });

    it('keeps perMemberEquityClasses a validated term of the bylaws', async () => {
      const error = await expectCode(createCooperative(server, undefined, { bylaws: { perMemberEquityClasses: ['WORKER', 'WORKER'] } }), 'BAD_USER_INPUT');
      expect(error.message).toContain('perMemberEquityClasses: must name stakeholder classes, each at most once');
    });
  });

  describe('rent, not income: a rental for 12 months', () => {
    let coop: TestCooperative;
    let tenantId: string;
    let assetId: string;

    beforeAll(async () => {
      // No grace and a long suspension, so unpaid rent shows as OVERDUE.
      coop = await createCooperative(server, undefined, { bylaws: { graceDays: 0, suspensionDays: 3650 } });
      tenantId = (await server.request<{ registerLicensee: { id: string } }>(REGISTER_LICENSEE, { input: { cooperativeId: coop.id, name: 'Bakery Ltd', email: 'bakery@example.org', use: 'COMMERCIAL' } }, coop.admin.token)).registerLicensee.id;
      const { registerAsset } = await server.request<{ registerAsset: { id: string; cost: { amount: string }; kind: string } }>(
        REGISTER_ASSET,
        { input: { cooperativeId: coop.id, title: 'The old mill', kind: 'BUILDING', cost: '250000.00', acquiredOn: '2025-06-30' } },
        coop.admin.token,
      );
      expect(registerAsset).toMatchObject({ kind: 'BUILDING', cost: { amount: '250000.00' } });
      assetId = registerAsset.id;
    });

    it('refuses a percentage rent, saying why, and writes nothing', async () => {
      const before = await server.counts(['license_agreements']);
      const error = await expectCode(
        server.request(GRANT_RENTAL, { input: { assetId, tenantLicenseeId: tenantId, rent: { period: 'MONTHLY', revenuePercent: '5' }, startsOn: '2025-12-01' } }, coop.admin.token),
        'BAD_USER_INPUT',
      );
      expect(error.message).toContain("never a share of its tenant's revenue");
      expect(await server.counts(['license_agreements'])).toEqual(before);
    });

    it('invoices 12 months once even when issued in parallel, records a replayed payment once, and goes OVERDUE then GOOD', async () => {
      const { grantRental } = await server.request<{ grantRental: { rent: { amount: string; revenuePercent: string | null }; asset: { title: string }; tenant: { name: string } } }>(
        GRANT_RENTAL,
        { input: { assetId, tenantLicenseeId: tenantId, rent: { period: 'MONTHLY', amount: '1000.00' }, startsOn: '2025-12-01' } },
        coop.admin.token,
      );
      expect(grantRental).toMatchObject({ rent: { amount: '1000', revenuePercent: null }, asset: { title: 'The old mill' }, tenant: { name: 'Bakery Ltd' } });

      const issued = await Promise.all([1, 2, 3].map(() => server.request<{ issueInvoices: { kind: string; period: string }[] }>(ISSUE, { input: { cooperativeId: coop.id, through: '2026-11-01' } }, coop.admin.token)));
      const periods = issued.flatMap((r) => r.issueInvoices.map((i) => `${i.kind} ${i.period}`)).sort();
      expect(periods).toHaveLength(12);
      expect(periods[0]).toBe('RENT 2025-12');
      expect(periods[11]).toBe('RENT 2026-11');
      const [{ n }] = await server.query<{ n: number }>(`SELECT count(*)::int AS n FROM invoices WHERE licensee_id = $1`, [tenantId]);
      expect(n).toBe(12);

      const tenant = async () => (await server.request<{ licensee: { standing: string; balanceDue: { amount: string }; agreements: { kind: string }[] } }>(TENANT, { id: tenantId }, coop.admin.token)).licensee;
      expect(await tenant()).toMatchObject({ standing: 'OVERDUE', balanceDue: { amount: '12000.00' }, agreements: [{ kind: 'RENT' }] });

      const pay = () => server.request<{ recordPayment: { id: string } }>(PAY, { input: { licenseeId: tenantId, amount: '12000.00', idempotencyKey: 'rent-2026' } }, coop.admin.token);
      const payments = await Promise.all([pay(), pay(), pay()]);
      expect(new Set(payments.map((p) => p.recordPayment.id)).size).toBe(1);
      expect(await tenant()).toMatchObject({ standing: 'GOOD', balanceDue: { amount: '0.00' } });

      const book = await ledger(coop);
      expect(balanceOf(book, 'RENT_REVENUE')).toBe('-12000.00');
      expect(balanceOf(book, 'FEE_REVENUE')).toBe('0.00');
      expect(balanceOf(book, 'PROPERTY')).toBe('250000.00');
      expect(book.trialBalance).toBe('0.00');
    });
  });

  describe('bonds', () => {
    let coop: TestCooperative;
    let member: TestMember;
    let seriesId: string;

    beforeAll(async () => {
      coop = await createCooperative(server);
      member = await addMember(server, coop);
      await labour(server, coop, member.id, '8');
      const { issueBondSeries } = await server.request<{ issueBondSeries: { id: string } }>(
        ISSUE_SERIES,
        { input: { cooperativeId: coop.id, title: 'Mill bonds', couponPercent: '5', couponPeriod: 'YEARLY', issuedOn: '2025-01-01', maturesOn: '2027-01-01' } },
        coop.admin.token,
      );
      seriesId = issueBondSeries.id;
    });

    const buy = (input: Record<string, unknown>) => server.request<{ recordBondPurchase: { id: string; principal: { amount: string } } }>(BUY, { input: { seriesId, ...input } }, coop.admin.token);

    it('records purchases idempotently, with no vote and no units', async () => {
      const unitsBefore = await server.query(`SELECT stakeholder_class, units::text FROM member_class_units WHERE member_id = $1 ORDER BY 1`, [member.id]);
      const [first, replay] = await Promise.all([buy({ memberId: member.id, amount: '3000.00', idempotencyKey: 'b1' }), buy({ memberId: member.id, amount: '3000.00', idempotencyKey: 'b1' })]);
      expect(first.recordBondPurchase).toEqual(replay.recordBondPurchase);
      expect(first.recordBondPurchase.principal.amount).toBe('3000.00');
      const outsider = await buy({ holderName: 'Friends of the mill', amount: '7000.00', idempotencyKey: 'b2' });
      expect(outsider.recordBondPurchase.principal.amount).toBe('7000.00');
      await expectCode(buy({ memberId: member.id, amount: '1.00', idempotencyKey: 'b1' }), 'CONFLICT');
      expect(await server.query(`SELECT stakeholder_class, units::text FROM member_class_units WHERE member_id = $1 ORDER BY 1`, [member.id])).toEqual(unitsBefore);
      const [{ n }] = await server.query<{ n: number }>(`SELECT count(*)::int AS n FROM bond_purchases WHERE series_id = $1`, [seriesId]);
      expect(n).toBe(2);
    });

    it("pays 2025's coupons of 150.00 and 350.00 once, even on parallel calls", async () => {
      const calls = await Promise.all([1, 2, 3, 4].map(() => server.request<{ payBondCoupons: Payment[] }>(COUPONS, { input: { seriesId, period: '2025' } }, coop.admin.token)));
      const amounts = calls.map((c) => c.payBondCoupons.map((p) => p.amount.amount));
      for (const paid of amounts) expect(paid).toEqual(['150.00', '350.00']);
      expect(new Set(calls.flatMap((c) => c.payBondCoupons.map((p) => p.id))).size).toBe(2);
      expect(balanceOf(await ledger(coop), 'INTEREST_EXPENSE')).toBe('500.00');
      await expectCode(server.request(COUPONS, { input: { seriesId, period: '2026' } }, coop.admin.token), 'CONFLICT');
      await expectCode(server.request(COUPONS, { input: { seriesId, period: '2025-01' } }, coop.admin.token), 'BAD_USER_INPUT');
    });

    it('apportions odd cents: three holdings of 100.00 at 5% a month get 0.42, 0.42 and 0.41', async () => {
      const { issueBondSeries } = await server.request<{ issueBondSeries: { id: string } }>(
        ISSUE_SERIES,
        { input: { cooperativeId: coop.id, title: 'Small bonds', couponPercent: '5', couponPeriod: 'MONTHLY', issuedOn: '2025-01-01', maturesOn: '2028-01-01' } },
        coop.admin.token,
      );
      for (const name of ['A', 'B', 'C']) await server.request(BUY, { input: { seriesId: issueBondSeries.id, holderName: name, amount: '100.00', idempotencyKey: name } }, coop.admin.token);
      const { payBondCoupons } = await server.request<{ payBondCoupons: Payment[] }>(COUPONS, { input: { seriesId: issueBondSeries.id, period: '2025-06' } }, coop.admin.token);
      expect(payBondCoupons.map((p) => p.amount.amount)).toEqual(['0.42', '0.42', '0.41']);
    });

    it('redeems the principal at maturity once, closing the holdings', async () => {
      await expectCode(server.request(REDEEM, { seriesId }, coop.admin.token), 'CONFLICT');
      // Time passes: the series has matured.
      await server.query(`UPDATE bond_series SET matures_on = '2026-11-01' WHERE id = $1`, [seriesId]);
      const calls = await Promise.all([1, 2, 3].map(() => server.request<{ redeemBonds: Payment[] }>(REDEEM, { seriesId }, coop.admin.token)));
      for (const call of calls) expect(call.redeemBonds.map((p) => `${p.kind} ${p.amount.amount}`)).toEqual(['PRINCIPAL 3000.00', 'PRINCIPAL 7000.00']);
      const { cooperative } = await server.request<{ cooperative: { bondSeries: { id: string; outstanding: { amount: string }; holdings: { principal: { amount: string }; closed: boolean }[] }[] } }>(
        SERIES,
        { slug: coop.slug },
        coop.admin.token,
      );
      const series = cooperative.bondSeries.find((s) => s.id === seriesId)!;
      expect(series.outstanding.amount).toBe('0.00');
      expect(series.holdings).toEqual([
        { id: expect.any(String), principal: { amount: '0.00' }, closed: true },
        { id: expect.any(String), principal: { amount: '0.00' }, closed: true },
      ]);
      await expectCode(buy({ holderName: 'Late', amount: '1.00', idempotencyKey: 'late' }), 'CONFLICT');
      const book = await ledger(coop);
      expect(balanceOf(book, 'BONDS_PAYABLE')).toBe('-300.00');
      expect(book.trialBalance).toBe('0.00');
    });
  });

  describe('the books under any sequence of operations', () => {
    type Operation =
      | { op: 'surplus'; cents: number }
      | { op: 'capital'; cents: number }
      | { op: 'asset'; cents: number }
      | { op: 'rental'; cents: number; month: number }
      | { op: 'payment'; cents: number }
      | { op: 'bond'; cents: number; holder: number }
      | { op: 'coupons'; month: number }
      | { op: 'spend'; cents: number };
    const cents = fc.integer({ min: 1, max: 500_000 });
    const operation: fc.Arbitrary<Operation> = fc.oneof(
      fc.record({ op: fc.constant('surplus' as const), cents }),
      fc.record({ op: fc.constant('capital' as const), cents }),
      fc.record({ op: fc.constant('asset' as const), cents }),
      fc.record({ op: fc.constant('rental' as const), cents, month: fc.integer({ min: 1, max: 10 }) }),
      fc.record({ op: fc.constant('payment' as const), cents }),
      fc.record({ op: fc.constant('bond' as const), cents, holder: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ op: fc.constant('coupons' as const), month: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ op: fc.constant('spend' as const), cents }),
    );
    const money = (value: number) => (value / 100).toFixed(2);
    const month = (m: number) => `2026-${String(m).padStart(2, '0')}`;

    it('keeps the trial balance at 0.00 through rent, bonds, surplus, capital and spends', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 8 }), async (operations) => {
          const coop = await createCooperative(server);
          const worker = await addMember(server, coop);
          await labour(server, coop, worker.id, '1');
          const tenantId = (await server.request<{ registerLicensee: { id: string } }>(REGISTER_LICENSEE, { input: { cooperativeId: coop.id, name: 'Tenant', email: 'tenant@example.org', use: 'COMMERCIAL' } }, coop.admin.token)).registerLicensee.id;
          const assetId = (await server.request<{ registerAsset: { id: string } }>(REGISTER_ASSET, { input: { cooperativeId: coop.id, title: 'Land', kind: 'LAND', cost: '1000.00' } }, coop.admin.token)).registerAsset.id;
          const seriesId = (
            await server.request<{ issueBondSeries: { id: string } }>(
              ISSUE_SERIES,
              { input: { cooperativeId: coop.id, title: 'Bonds', couponPercent: '7.5', couponPeriod: 'MONTHLY', issuedOn: '2026-01-01', maturesOn: '2030-01-01' } },
              coop.admin.token,
            )
          ).issueBondSeries.id;
          for (const [i, o] of operations.entries()) {
            const as = coop.admin.token;
            if (o.op === 'surplus') await server.request(DECLARE, { input: { cooperativeId: coop.id, period: `p${i}`, amount: money(o.cents), idempotencyKey: `s${i}` } }, as);
            if (o.op === 'capital') await capital(server, coop, worker.id, money(o.cents));
            if (o.op === 'asset') await server.request(REGISTER_ASSET, { input: { cooperativeId: coop.id, title: `Asset ${i}`, kind: 'EQUIPMENT', cost: money(o.cents) } }, as);
            if (o.op === 'rental') {
              await server.request(GRANT_RENTAL, { input: { assetId, tenantLicenseeId: tenantId, rent: { period: 'MONTHLY', amount: money(o.cents) }, startsOn: `${month(o.month)}-01` } }, as);
              await server.request(ISSUE, { input: { cooperativeId: coop.id, through: '2026-11-01' } }, as);
            }
            if (o.op === 'payment') await server.request(PAY, { input: { licenseeId: tenantId, amount: money(o.cents), idempotencyKey: `pay${i}` } }, as);
            if (o.op === 'bond') await server.request(BUY, { input: { seriesId, holderName: `Holder ${o.holder}`, amount: money(o.cents), idempotencyKey: `b${i}` } }, as);
            if (o.op === 'coupons') await server.request(COUPONS, { input: { seriesId, period: month(Math.min(o.month, 10)) } }, as);
            if (o.op === 'spend') {
              const id = await createProposal(server, coop, { spend: { amount: money(o.cents), payee: 'Supplier' } });
              await vote(server, worker, id, 'YES');
              await server.request(CLOSE_PROPOSAL, { id }, as);
            }
          }
          expect((await ledger(coop)).trialBalance).toBe('0.00');
        }),
        { numRuns: 8 },
      );
    });
  });
});
