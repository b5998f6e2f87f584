import { gql } from 'graphql-request';
import { expectCode, TestServer } from './support/harness';
import { addMember, createCooperative, linkLicenseeAccount, signUp, TestCooperative, TestUser, unique } from './support/factories';

const REGISTER_WORK = gql`
  mutation ($input: RegisterWorkInput!) {
    registerWork(input: $input) {
      id
      title
    }
  }
`;
const REGISTER_LICENSEE = gql`
  mutation ($input: RegisterLicenseeInput!) {
    registerLicensee(input: $input) {
      id
      name
      use
      licensed
    }
  }
`;
const GRANT = gql`
  mutation ($input: GrantLicenseInput!) {
    grantCommercialLicense(input: $input) {
      id
      kind
      startsOn
      endsOn
      fee {
        period
        amount
        revenuePercent
        minimum
      }
      work {
        title
      }
    }
  }
`;
const ISSUE = gql`
  mutation ($input: IssueInvoicesInput!) {
    issueInvoices(input: $input) {
      id
      period
      kind
      dueOn
      status
      amount {
        amount
        currency
      }
      paid {
        amount
      }
    }
  }
`;
const PAY = gql`
  mutation ($input: RecordPaymentInput!) {
    recordPayment(input: $input) {
      id
      idempotencyKey
      receivedAt
      amount {
        amount
        currency
      }
      allocated {
        amount
      }
    }
  }
`;
const DECLARE = gql`
  mutation ($input: DeclareRevenueInput!) {
    declareRevenue(input: $input) {
      id
      period
      revenue
    }
  }
`;
const CONVERT = gql`
  mutation ($licenseeId: ID!, $dues: FeeScheduleInput!) {
    convertLicenseeToMember(licenseeId: $licenseeId, dues: $dues) {
      id
      roles
      status
    }
  }
`;
const LICENSEE = gql`
  query ($id: ID!, $asOf: Date) {
    licensee(id: $id) {
      id
      name
      use
      standing(asOf: $asOf)
      licensed
      memberId
      balanceDue {
        amount
        currency
      }
      credit {
        amount
      }
      agreements {
        id
        kind
        startsOn
        endsOn
      }
      invoices(first: 100) {
        totalCount
        edges {
          node {
            id
            period
            kind
            dueOn
            status
            amount {
              amount
            }
            paid {
              amount
            }
          }
        }
      }
      payments(first: 100) {
        totalCount
        edges {
          node {
            id
            idempotencyKey
            amount {
              amount
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
          type
          balance {
            amount
          }
        }
      }
    }
  }
`;

const BILLING_TABLES = ['invoices', 'payments', 'payment_allocations', 'journal_entries', 'journal_lines', 'unit_entries', 'revenue_declarations', 'license_agreements', 'licensees', 'members'];

interface InvoiceNode {
  id: string;
  period: string;
  kind: string;
  dueOn: string;
  status: string;
  amount: { amount: string; currency?: string };
  paid: { amount: string };
}
interface LicenseeView {
  id: string;
  name: string;
  use: string;
  standing: string;
  licensed: boolean;
  memberId: string | null;
  balanceDue: { amount: string; currency: string };
  credit: { amount: string };
  agreements: { id: string; kind: string; startsOn: string; endsOn: string | null }[];
  invoices: { totalCount: number; edges: { node: InvoiceNode }[] };
  payments: { totalCount: number; edges: { node: { id: string; idempotencyKey: string; amount: { amount: string } } }[] };
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The first day of the month `offset` months from today (UTC). */
function monthStart(offset: number): string {
  const now = new Date();
  return isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)));
}

function monthEnd(offset: number): string {
  const now = new Date();
  return isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset + 1, 0)));
}

describe('double licensing and fees', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.close());

  const work = async (coop: TestCooperative, title = 'OpenHouse') =>
    (await server.request<{ registerWork: { id: string } }>(REGISTER_WORK, { input: { cooperativeId: coop.id, title } }, coop.admin.token)).registerWork.id;
  const licensee = async (coop: TestCooperative, name: string, email: string, use = 'COMMERCIAL') =>
    (await server.request<{ registerLicensee: { id: string } }>(REGISTER_LICENSEE, { input: { cooperativeId: coop.id, name, email, use } }, coop.admin.token)).registerLicensee.id;
  const grant = async (coop: TestCooperative, licenseeId: string, workId: string, fee: Record<string, string>, startsOn: string) =>
    (await server.request<{ grantCommercialLicense: { id: string } }>(GRANT, { input: { licenseeId, workId, fee, startsOn } }, coop.admin.token)).grantCommercialLicense.id;
  const issue = async (coop: TestCooperative, through: string) => (await server.request<{ issueInvoices: InvoiceNode[] }>(ISSUE, { input: { cooperativeId: coop.id, through } }, coop.admin.token)).issueInvoices;
  const pay = (coop: TestCooperative, input: Record<string, string>) => server.request<{ recordPayment: { id: string; allocated: { amount: string } } }>(PAY, { input }, coop.admin.token);
  const view = async (token: string, id: string, asOf?: string) => (await server.request<{ licensee: LicenseeView }>(LICENSEE, { id, asOf }, token)).licensee;
  const ledger = async (coop: TestCooperative) =>
    (await server.request<{ cooperative: { ledger: { trialBalance: string; accounts: { code: string; type: string; balance: { amount: string } }[] } } }>(LEDGER, { slug: coop.slug }, coop.admin.token)).cooperative
      .ledger;

  describe('worked example L1', () => {
    let coop: TestCooperative;
    let acme: string;
    let acmeUser: TestUser;

    beforeAll(async () => {
      coop = await createCooperative(server);
      acmeUser = await signUp(server, unique('acme'));
      acme = await licensee(coop, 'Acme Ltd', acmeUser.email);
      await linkLicenseeAccount(server, coop, acme, acmeUser);
      const openHouse = await work(coop, 'OpenHouse');
      await grant(coop, acme, openHouse, { period: 'MONTHLY', amount: '250.00' }, '2026-01-01');
    });

    it('a COMMERCIAL licensee without an agreement is unlicensed; free uses are licensed', async () => {
      const other = await licensee(coop, 'Bigco', `${unique('bigco')}@example.org`);
      expect((await view(coop.admin.token, other)).licensed).toBe(false);
      const free = await licensee(coop, 'Reader', `${unique('reader')}@example.org`, 'NONCOMMERCIAL');
      expect((await view(coop.admin.token, free)).licensed).toBe(true);
    });

    it('issues Jan, Feb and Mar at 250.00, due on the 1st, and a second run issues nothing', async () => {
      const invoices = await issue(coop, '2026-03-31');
      expect(invoices.map((i) => [i.period, i.dueOn, i.amount.amount, i.amount.currency, i.status, i.kind])).toEqual([
        ['2026-01', '2026-01-01', '250.00', 'EUR', 'OPEN', 'LICENSE'],
        ['2026-02', '2026-02-01', '250.00', 'EUR', 'OPEN', 'LICENSE'],
        ['2026-03', '2026-03-01', '250.00', 'EUR', 'OPEN', 'LICENSE'],
      ]);
      expect(await issue(coop, '2026-03-31')).toEqual([]);
      expect((await view(coop.admin.token, acme)).invoices.totalCount).toBe(3);
    });

    it('500.00 with key k1, replayed 5 times, is one payment: Jan and Feb PAID, Mar OPEN, balance due 250.00', async () => {
      const before = await server.counts(['payments', 'journal_entries']);
      const results = [];
      for (let i = 0; i < 6; i++) results.push((await pay(coop, { licenseeId: acme, amount: '500.00', idempotencyKey: 'k1' })).recordPayment);
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(results[0].allocated.amount).toBe('500.00');
      expect(await server.counts(['payments', 'journal_entries'])).toEqual({ payments: before.payments + 1, journal_entries: before.journal_entries + 1 });

      const acmeView = await view(coop.admin.token, acme);
      expect(acmeView.payments.totalCount).toBe(1);
      expect(acmeView.invoices.edges.map(({ node }) => [node.period, node.status, node.paid.amount])).toEqual([
        ['2026-01', 'PAID', '250.00'],
        ['2026-02', 'PAID', '250.00'],
        ['2026-03', 'OPEN', '0.00'],
      ]);
      expect(acmeView.balanceDue).toEqual({ amount: '250.00', currency: 'EUR' });
      expect(acmeView.credit.amount).toBe('0.00');
    });

    it('the same key with another amount is CONFLICT and writes nothing', async () => {
      const before = await server.counts(BILLING_TABLES);
      await expectCode(pay(coop, { licenseeId: acme, amount: '250.00', idempotencyKey: 'k1' }), 'CONFLICT');
      expect(await server.counts(BILLING_TABLES)).toEqual(before);
    });

    it('on 2026-04-15 with 30 days of grace Acme is OVERDUE (March), April is not yet past grace, and paying March restores GOOD', async () => {
      expect((await view(coop.admin.token, acme, '2026-04-15')).standing).toBe('OVERDUE');
      expect((await view(coop.admin.token, acme, '2026-03-31')).standing).toBe('GOOD');
      const april = await issue(coop, '2026-04-30');
      expect(april.map((i) => [i.period, i.dueOn])).toEqual([['2026-04', '2026-04-01']]);
      expect((await view(coop.admin.token, acme, '2026-04-15')).standing).toBe('OVERDUE');
      expect((await view(coop.admin.token, acme, '2026-06-01')).standing).toBe('SUSPENDED');

      await pay(coop, { licenseeId: acme, amount: '250.00', idempotencyKey: 'k2' });
      const after = await view(acmeUser.token, acme, '2026-04-15');
      expect(after.standing).toBe('GOOD');
      expect(after.invoices.edges.map(({ node }) => node.status)).toEqual(['PAID', 'PAID', 'PAID', 'OPEN']);
      expect(after.balanceDue.amount).toBe('250.00');
      // April (due 04-01) unpaid: OVERDUE after 05-01, SUSPENDED after 06-30 (90 days).
      expect((await view(acmeUser.token, acme, '2026-05-02')).standing).toBe('OVERDUE');
    });

    it('an overpayment stays as credit and pays the next invoice when it is issued', async () => {
      const { recordPayment } = await pay(coop, { licenseeId: acme, amount: '400.00', idempotencyKey: 'k3' });
      expect(recordPayment.allocated.amount).toBe('250.00');
      let acmeView = await view(coop.admin.token, acme);
      expect(acmeView.balanceDue.amount).toBe('0.00');
      expect(acmeView.credit.amount).toBe('150.00');

      const [may] = await issue(coop, '2026-05-31');
      expect([may.period, may.status, may.paid.amount]).toEqual(['2026-05', 'OPEN', '150.00']);
      acmeView = await view(coop.admin.token, acme);
      expect(acmeView.credit.amount).toBe('0.00');
      expect(acmeView.balanceDue.amount).toBe('100.00');
    });

    it('fee revenue is in the ledger, credit is a liability, and the trial balance is 0.00', async () => {
      const books = await ledger(coop);
      expect(books.trialBalance).toBe('0.00');
      // Received 500 + 250 + 400 = 1,150.00; invoices paid: Jan–Apr 1,000 + 150 of May; no credit left.
      expect(books.accounts.filter((a) => ['CASH', 'FEE_REVENUE', 'LICENSEE_CREDIT'].includes(a.code)).map((a) => [a.code, a.type, a.balance.amount])).toEqual([
        ['CASH', 'ASSET', '1150.00'],
        ['FEE_REVENUE', 'REVENUE', '-1150.00'],
        ['LICENSEE_CREDIT', 'LIABILITY', '0.00'],
      ]);
    });
  });

  describe('revenue-percentage agreements', () => {
    let coop: TestCooperative;
    let agreement: string;
    let licenseeId: string;
    let user: TestUser;

    beforeAll(async () => {
      coop = await createCooperative(server);
      user = await signUp(server, unique('percent'));
      licenseeId = await licensee(coop, 'Percent Co', user.email);
      await linkLicenseeAccount(server, coop, licenseeId, user);
      agreement = await grant(coop, licenseeId, await work(coop), { period: 'MONTHLY', revenuePercent: '5', minimum: '500.00' }, '2026-01-01');
    });

    it('skips periods without a declared revenue, then invoices 5% of 12,345.67 = 617.2835 as 617.28 (half-even) and the minimum below it', async () => {
      expect(await issue(coop, '2026-02-28')).toEqual([]);
      await server.request(DECLARE, { input: { agreementId: agreement, period: '2026-01', revenue: '12345.67' } }, coop.admin.token);
      // The licensee's own account may declare its revenue too.
      await server.request(DECLARE, { input: { agreementId: agreement, period: '2026-02', revenue: '1000.00' } }, user.token);
      const invoices = await issue(coop, '2026-02-28');
      expect(invoices.map((i) => [i.period, i.amount.amount])).toEqual([
        ['2026-01', '617.28'],
        ['2026-02', '500.00'],
      ]);
    });

    it('a declaration is final: the same figure again is accepted, another is CONFLICT; bad periods are BAD_USER_INPUT', async () => {
      await server.request(DECLARE, { input: { agreementId: agreement, period: '2026-01', revenue: '12345.67' } }, coop.admin.token);
      const before = await server.counts(BILLING_TABLES);
      await expectCode(server.request(DECLARE, { input: { agreementId: agreement, period: '2026-01', revenue: '1.00' } }, coop.admin.token), 'CONFLICT');
      await expectCode(server.request(DECLARE, { input: { agreementId: agreement, period: '2026', revenue: '1.00' } }, coop.admin.token), 'BAD_USER_INPUT');
      await expectCode(server.request(DECLARE, { input: { agreementId: agreement, period: '2025-12', revenue: '1.00' } }, coop.admin.token), 'BAD_USER_INPUT');
      await expectCode(server.request(DECLARE, { input: { agreementId: agreement, period: '2026-03', revenue: '1.001' } }, coop.admin.token), 'BAD_USER_INPUT');
      expect(await server.counts(BILLING_TABLES)).toEqual(before);
    });
  });

  describe('validation', () => {
    let coop: TestCooperative;
    let commercial: string;
    let workId: string;

    beforeAll(async () => {
      coop = await createCooperative(server);
      commercial = await licensee(coop, 'Valid Co', `${unique('valid')}@example.org`);
      workId = await work(coop);
    });

    it('WORKER_OWNED needs the three declarations', async () => {
      const input = { cooperativeId: coop.id, name: 'Worker Co', email: `${unique('wo')}@example.org`, use: 'WORKER_OWNED' };
      const before = await server.counts(['licensees']);
      const error = await expectCode(server.request(REGISTER_LICENSEE, { input: { ...input, isWorkerOwned: true, allSurplusToWorkerOwners: true } }, coop.admin.token), 'BAD_USER_INPUT');
      expect(error.extensions?.fields?.map((f) => f.field)).toEqual(['noWagedNonOwners']);
      expect(await server.counts(['licensees'])).toEqual(before);
      const { registerLicensee } = await server.request<{ registerLicensee: { use: string; licensed: boolean } }>(
        REGISTER_LICENSEE,
        { input: { ...input, isWorkerOwned: true, allSurplusToWorkerOwners: true, noWagedNonOwners: true } },
        coop.admin.token,
      );
      expect(registerLicensee).toMatchObject({ use: 'WORKER_OWNED', licensed: true });
    });

    it('refuses bad fee schedules, start dates and money, writing nothing', async () => {
      const before = await server.counts(BILLING_TABLES);
      const bad = async (fee: Record<string, string>, startsOn = '2026-01-01', field?: string) => {
        const error = await expectCode(server.request(GRANT, { input: { licenseeId: commercial, workId, fee, startsOn } }, coop.admin.token), 'BAD_USER_INPUT');
        if (field) expect(error.extensions?.fields?.map((f) => f.field)).toContain(field);
      };
      await bad({ period: 'MONTHLY' }, '2026-01-01', 'fee.amount');
      await bad({ period: 'MONTHLY', amount: '10.00', revenuePercent: '5' }, '2026-01-01', 'fee.amount');
      await bad({ period: 'MONTHLY', amount: '10.00', minimum: '5.00' }, '2026-01-01', 'fee.minimum');
      await bad({ period: 'MONTHLY', revenuePercent: '101' }, '2026-01-01', 'fee.revenuePercent');
      await bad({ period: 'MONTHLY', amount: '10.001' });
      await bad({ period: 'MONTHLY', amount: '-10.00' });
      await bad({ period: 'MONTHLY', amount: '10.00' }, '2026-01-15', 'startsOn');
      await bad({ period: 'YEARLY', amount: '10.00' }, '2026-02-01', 'startsOn');
      await expectCode(pay(coop, { licenseeId: commercial, amount: '0.00', idempotencyKey: 'x' }), 'BAD_USER_INPUT');
      await expectCode(server.request(PAY, { input: { amount: '1.00', idempotencyKey: 'x' } }, coop.admin.token), 'BAD_USER_INPUT');
      const farAhead = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
      const error = await expectCode(server.request(ISSUE, { input: { cooperativeId: coop.id, through: farAhead } }, coop.admin.token), 'BAD_USER_INPUT');
      expect(error.extensions?.fields?.map((f) => f.field)).toEqual(['through']);
      await expectCode(server.request(ISSUE, { input: { cooperativeId: coop.id, through: '2026-02-30' } }, coop.admin.token), 'BAD_USER_INPUT');
      expect(await server.counts(BILLING_TABLES)).toEqual(before);
    });

    it('a non-commercial licensee needs no licence, and unknown ids are NOT_FOUND', async () => {
      const free = await licensee(coop, 'Free Co', `${unique('free')}@example.org`, 'NONCOMMERCIAL');
      await expectCode(server.request(GRANT, { input: { licenseeId: free, workId, fee: { period: 'MONTHLY', amount: '1.00' }, startsOn: '2026-01-01' } }, coop.admin.token), 'CONFLICT');
      await expectCode(server.request(GRANT, { input: { licenseeId: commercial, workId: '00000000-0000-4000-8000-000000000000', fee: { period: 'MONTHLY', amount: '1.00' }, startsOn: '2026-01-01' } }, coop.admin.token), 'NOT_FOUND');
      await expectCode(server.request(LICENSEE, { id: '00000000-0000-4000-8000-000000000000' }, coop.admin.token), 'NOT_FOUND');
      await expectCode(pay(coop, { licenseeId: '00000000-0000-4000-8000-000000000000', amount: '1.00', idempotencyKey: 'x' }), 'NOT_FOUND');
    });
  });

  describe('concurrency', () => {
    it('20 parallel recordPayment calls with one key record one payment', async () => {
      const coop = await createCooperative(server);
      const id = await licensee(coop, 'Race Ltd', `${unique('race')}@example.org`);
      await grant(coop, id, await work(coop), { period: 'MONTHLY', amount: '100.00' }, '2026-01-01');
      await issue(coop, '2026-02-28');
      const results = await Promise.all(Array.from({ length: 20 }, () => pay(coop, { licenseeId: id, amount: '150.00', idempotencyKey: 'race' })));
      expect(new Set(results.map((r) => r.recordPayment.id)).size).toBe(1);
      const [row] = await server.query<{ payments: number; allocated: string }>(
        `SELECT (SELECT count(*)::int FROM payments WHERE licensee_id = $1) AS payments, (SELECT sum(amount)::text FROM payment_allocations WHERE licensee_id = $1) AS allocated`,
        [id],
      );
      expect(row).toEqual({ payments: 1, allocated: '150.00' });
      expect((await ledger(coop)).trialBalance).toBe('0.00');
    });

    it('2 parallel issueInvoices runs issue each period once', async () => {
      const coop = await createCooperative(server);
      const workId = await work(coop);
      const ids = [];
      for (let i = 0; i < 3; i++) {
        const id = await licensee(coop, `Twin ${i}`, `${unique('twin')}@example.org`);
        await grant(coop, id, workId, { period: 'MONTHLY', amount: '10.00' }, '2026-01-01');
        ids.push(id);
      }
      const [a, b] = await Promise.all([issue(coop, '2026-06-30'), issue(coop, '2026-06-30')]);
      const all = [...a, ...b].map((i) => i.id);
      expect(new Set(all).size).toBe(all.length);
      expect(all.length).toBe(18);
      const [row] = await server.query<{ n: number; distinct: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT (agreement_id, period))::int AS distinct FROM invoices WHERE licensee_id = ANY($1)`,
        [ids],
      );
      expect(row).toEqual({ n: 18, distinct: 18 });
    });
  });

  describe('access', () => {
    let coop: TestCooperative;
    let alice: TestUser;
    let bob: TestUser;
    let aliceLicensee: string;
    let bobLicensee: string;

    beforeAll(async () => {
      coop = await createCooperative(server);
      alice = await signUp(server, unique('alice'));
      bob = await signUp(server, unique('bob'));
      aliceLicensee = await licensee(coop, 'Alice Ltd', alice.email);
      bobLicensee = await licensee(coop, 'Bob Ltd', bob.email);
      await linkLicenseeAccount(server, coop, aliceLicensee, alice);
      await linkLicenseeAccount(server, coop, bobLicensee, bob);
      await grant(coop, bobLicensee, await work(coop), { period: 'MONTHLY', amount: '10.00' }, '2026-01-01');
      await issue(coop, '2026-01-31');
    });

    it('a licensee account reads its own licensee, but not another licensee nor any member data', async () => {
      expect((await view(alice.token, aliceLicensee)).name).toBe('Alice Ltd');
      expect((await view(bob.token, bobLicensee)).invoices.totalCount).toBe(1);
      await expectCode(view(alice.token, bobLicensee), 'FORBIDDEN');
      await expectCode(server.request(gql`query ($slug: String!) { cooperative(slug: $slug) { capTable { unallocatedShare } } }`, { slug: coop.slug }, alice.token), 'FORBIDDEN');
      await expectCode(server.request(gql`query ($slug: String!) { cooperative(slug: $slug) { members { totalCount } } }`, { slug: coop.slug }, alice.token), 'FORBIDDEN');
      await expectCode(server.request(gql`query ($slug: String!) { cooperative(slug: $slug) { licensees { id } } }`, { slug: coop.slug }, alice.token), 'FORBIDDEN');
      const { myLicensees } = await server.request<{ myLicensees: { id: string }[] }>(gql`{ myLicensees { id } }`, {}, alice.token);
      expect(myLicensees.map((l) => l.id)).toEqual([aliceLicensee]);
    });

    it("signing up with a licensee's address grants nothing; an accepted invitation links the account", async () => {
      const email = `${unique('later')}@example.org`;
      const later = await licensee(coop, 'Later Ltd', email);
      const user = await signUp(server, email.replace('@example.org', ''));
      await expectCode(view(user.token, later), 'FORBIDDEN');
      expect((await server.request<{ myLicensees: unknown[] }>(gql`{ myLicensees { id } }`, {}, user.token)).myLicensees).toEqual([]);
      await linkLicenseeAccount(server, coop, later, user);
      expect((await view(user.token, later)).name).toBe('Later Ltd');
    });

    it('licensee accounts, plain members and anonymous callers cannot manage licensing', async () => {
      const member = await addMember(server, coop);
      const outsider = await createCooperative(server);
      const before = await server.counts(BILLING_TABLES);
      await expectCode(server.request(ISSUE, { input: { cooperativeId: coop.id, through: '2026-03-31' } }, bob.token), 'FORBIDDEN');
      await expectCode(server.request(PAY, { input: { licenseeId: bobLicensee, amount: '10.00', idempotencyKey: 'mine' } }, bob.token), 'FORBIDDEN');
      await expectCode(server.request(REGISTER_WORK, { input: { cooperativeId: coop.id, title: 'x' } }, member.user.token), 'FORBIDDEN');
      await expectCode(view(member.user.token, bobLicensee), 'FORBIDDEN');
      const { licensee: bobAgreements } = await server.request<{ licensee: { agreements: { id: string }[] } }>(gql`query ($id: ID!) { licensee(id: $id) { agreements { id } } }`, { id: bobLicensee }, bob.token);
      await expectCode(server.request(DECLARE, { input: { agreementId: bobAgreements.agreements[0].id, period: '2026-01', revenue: '1.00' } }, alice.token), 'FORBIDDEN');
      await expectCode(server.request(LICENSEE, { id: bobLicensee }), 'UNAUTHENTICATED');
      await expectCode(view(outsider.admin.token, bobLicensee), 'FORBIDDEN');
      expect(await server.counts(BILLING_TABLES)).toEqual(before);
    });

    it('coordinators list the works and licensees', async () => {
      const { cooperative } = await server.request<{ cooperative: { works: { title: string }[]; licensees: Record<string, unknown>[] } }>(
        gql`query ($slug: String!) { cooperative(slug: $slug) { works { title } licensees { name balanceDue { amount } credit { amount } licensed } } }`,
        { slug: coop.slug },
        coop.admin.token,
      );
      expect(cooperative.works.map((w) => w.title)).toEqual(['OpenHouse']);
      expect(cooperative.licensees).toEqual([
        { name: 'Alice Ltd', balanceDue: { amount: '0.00' }, credit: { amount: '0.00' }, licensed: false },
        // Bob's January invoice is unpaid for more than 90 days: SUSPENDED, so not licensed for commercial use.
        { name: 'Bob Ltd', balanceDue: { amount: '10.00' }, credit: { amount: '0.00' }, licensed: false },
        { name: 'Later Ltd', balanceDue: { amount: '0.00' }, credit: { amount: '0.00' }, licensed: false },
      ]);
    });
  });

  describe('conversion to membership', () => {
    it('stops licence fees after the current period, starts dues, and dues paid issue USER units; the licence history stays', async () => {
      const coop = await createCooperative(server);
      const user = await signUp(server, unique('convert'));
      const id = await licensee(coop, 'Convert Ltd', user.email);
      await linkLicenseeAccount(server, coop, id, user);
      const licence = await grant(coop, id, await work(coop), { period: 'MONTHLY', amount: '250.00' }, monthStart(-2));
      await issue(coop, monthStart(0));
      await pay(coop, { licenseeId: id, amount: '750.00', idempotencyKey: 'fees' });
      // Paid up under an agreement in force today: licensed, in GOOD standing.
      expect(await view(user.token, id)).toMatchObject({ licensed: true, standing: 'GOOD', balanceDue: { amount: '0.00' } });

      const before = await server.counts(BILLING_TABLES);
      await expectCode(server.request(CONVERT, { licenseeId: id, dues: { period: 'MONTHLY' } }, coop.admin.token), 'BAD_USER_INPUT');
      await expectCode(server.request(CONVERT, { licenseeId: id, dues: { period: 'MONTHLY', amount: '20.00' } }, user.token), 'FORBIDDEN');
      expect(await server.counts(BILLING_TABLES)).toEqual(before);

      const { convertLicenseeToMember: member } = await server.request<{ convertLicenseeToMember: { id: string; roles: string[]; status: string } }>(
        CONVERT,
        { licenseeId: id, dues: { period: 'MONTHLY', amount: '20.00' } },
        coop.admin.token,
      );
      expect(member).toMatchObject({ roles: ['MEMBER'], status: 'ACTIVE' });
      await expectCode(server.request(CONVERT, { licenseeId: id, dues: { period: 'MONTHLY', amount: '20.00' } }, coop.admin.token), 'CONFLICT');

      const issued = await issue(coop, monthEnd(2));
      expect(issued.map((i) => [i.kind, i.period, i.amount.amount])).toEqual([
        ['DUES', monthStart(1).slice(0, 7), '20.00'],
        ['DUES', monthStart(2).slice(0, 7), '20.00'],
      ]);

      const after = await view(user.token, id);
      expect(after.memberId).toBe(member.id);
      expect(after.licensed).toBe(true);
      expect(after.agreements.map((a) => [a.id === licence, a.kind, a.startsOn, a.endsOn])).toEqual([
        [true, 'LICENSE', monthStart(-2), monthEnd(0)],
        [false, 'DUES', monthStart(1), null],
      ]);
      expect(after.invoices.edges.map(({ node }) => [node.kind, node.period, node.status])).toEqual([
        ['LICENSE', monthStart(-2).slice(0, 7), 'PAID'],
        ['LICENSE', monthStart(-1).slice(0, 7), 'PAID'],
        ['LICENSE', monthStart(0).slice(0, 7), 'PAID'],
        ['DUES', monthStart(1).slice(0, 7), 'OPEN'],
        ['DUES', monthStart(2).slice(0, 7), 'OPEN'],
      ]);
      expect(after.payments.totalCount).toBe(1);

      const { recordPayment } = await pay(coop, { memberId: member.id, amount: '30.00', idempotencyKey: 'dues-1' });
      expect(recordPayment.allocated.amount).toBe('30.00');
      const { cooperative } = await server.request<{ cooperative: { members: { edges: { node: { id: string; classes: string[]; units: { class: string; units: string }[] } }[] } } }>(
        gql`query ($slug: String!) { cooperative(slug: $slug) { members(first: 10) { edges { node { id classes units { class units } } } } } }`,
        { slug: coop.slug },
        coop.admin.token,
      );
      const converted = cooperative.members.edges.find((e) => e.node.id === member.id)?.node;
      expect(converted?.classes).toEqual(['USER']);
      expect(converted?.units).toEqual([{ class: 'USER', units: '30' }]);

      const books = await ledger(coop);
      expect(books.trialBalance).toBe('0.00');
      expect(books.accounts.filter((a) => ['CASH', 'FEE_REVENUE', 'DUES_REVENUE'].includes(a.code)).map((a) => [a.code, a.balance.amount])).toEqual([
        ['CASH', '780.00'],
        ['DUES_REVENUE', '-30.00'],
        ['FEE_REVENUE', '-750.00'],
      ]);

      // Issuing again later never bills the ended licence.
      expect((await issue(coop, monthEnd(3))).map((i) => i.kind)).toEqual(['DUES']);
    });
  });
});
