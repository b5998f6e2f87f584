import { randomUUID } from 'node:crypto';
import { expectCode, TestServer } from './support/harness';
import { addMember, adminMemberId, createCooperative, labour, linkLicenseeAccount, signUp, TestCooperative, TestMember, TestUser, unique } from './support/factories';
import { inSeconds } from './support/governance';

/**
 * The root lookups by id: each returns what the list it appears in shows, with the same access
 * rule; an unknown id is NOT_FOUND and another cooperative's object FORBIDDEN.
 */

const MEMBER = 'id status roles admittedAt leftAt classes equityShare user { id }';
const ROUND = 'id title status grantingClosesAt surplusId pool { amount currency } maxPerMemberPerBucket { amount } myAllocation { amount } myBalance { amount }';
const BUCKET = 'id roundId title description status minGoal { amount currency } maxGoal { amount } funded { amount }';
const DECLARATION = 'id period idempotencyKey declaredAt amount { amount currency } reserve { amount } dividends { amount } cobudget { amount } round { id }';
const WORK = 'id title description createdAt';
const INVOICE = 'id agreementId kind period dueOn revenue status amount { amount currency } paid { amount }';

const lookup = (field: string, selection: string) => `query ($id: ID!) { ${field}(id: $id) { ${selection} } }`;
const inCooperative = (selection: string) => `query ($slug: String!) { cooperative(slug: $slug) { ${selection} } }`;

const REGISTER_WORK = `mutation ($input: RegisterWorkInput!) { registerWork(input: $input) { id } }`;
const REGISTER_LICENSEE = `mutation ($input: RegisterLicenseeInput!) { registerLicensee(input: $input) { id } }`;
const GRANT = `mutation ($input: GrantLicenseInput!) { grantCommercialLicense(input: $input) { id } }`;
const ISSUE = `mutation ($input: IssueInvoicesInput!) { issueInvoices(input: $input) { id } }`;
const DECLARE_SURPLUS = `mutation ($input: DeclareSurplusInput!) { declareSurplus(input: $input) { id } }`;
const OPEN_ROUND = `mutation ($input: OpenBudgetRoundInput!) { openBudgetRound(input: $input) { id } }`;
const PROPOSE_BUCKET = `mutation ($input: ProposeBucketInput!) { proposeBucket(input: $input) { id } }`;

type Node = Record<string, unknown> & { id: string };
type Page = { edges: { node: Node }[] };

describe('lookups by id', () => {
  let server: TestServer;
  let coop: TestCooperative;
  let member: TestMember;
  /** The ADMIN of another cooperative. */
  let outsider: TestUser;
  /** The linked account of a licensee of `coop`, holding a licence of the work. */
  let licenseeUser: TestUser;
  const ids = { member: '', budgetRound: '', bucket: '', surplusDeclaration: '', work: '', invoice: '' };
  let licenseeId: string;

  const idOf = async (document: string, variables: Record<string, unknown>, token = coop.admin.token) =>
    Object.values(await server.request<Record<string, { id: string }>>(document, variables, token))[0].id;

  beforeAll(async () => {
    server = await TestServer.start();
    coop = await createCooperative(server);
    [member, outsider, licenseeUser] = await Promise.all([addMember(server, coop), createCooperative(server).then((other) => other.admin), signUp(server, unique('licensee'))]);
    await labour(server, coop, member.id, '8');
    ids.member = await adminMemberId(server, coop);

    ids.surplusDeclaration = await idOf(DECLARE_SURPLUS, { input: { cooperativeId: coop.id, period: unique('period'), amount: '1000.00', idempotencyKey: unique('surplus') } });
    ids.budgetRound = await idOf(OPEN_ROUND, { input: { cooperativeId: coop.id, title: 'Lookups round', surplusId: ids.surplusDeclaration, grantingClosesAt: inSeconds(86_400) } });
    ids.bucket = await idOf(PROPOSE_BUCKET, { input: { roundId: ids.budgetRound, title: 'Oven', description: 'A bigger oven', minGoal: '1.00', maxGoal: '50.00' } }, member.user.token);

    ids.work = await idOf(REGISTER_WORK, { input: { cooperativeId: coop.id, title: 'OpenHouse', description: 'Plans' } });
    licenseeId = await idOf(REGISTER_LICENSEE, { input: { cooperativeId: coop.id, name: 'Acme', email: licenseeUser.email, use: 'COMMERCIAL' } });
    await linkLicenseeAccount(server, coop, licenseeId, licenseeUser);
    const startsOn = `${new Date().toISOString().slice(0, 7)}-01`;
    await idOf(GRANT, { input: { licenseeId, workId: ids.work, fee: { period: 'MONTHLY', amount: '100.00' }, startsOn } });
    const { issueInvoices } = await server.request<{ issueInvoices: { id: string }[] }>(ISSUE, { input: { cooperativeId: coop.id, through: new Date().toISOString().slice(0, 10) } }, coop.admin.token);
    ids.invoice = issueInvoices[0].id;
  }, 60_000);
  afterAll(() => server.close());

  async function lookedUp(field: keyof typeof ids, selection: string, token: string): Promise<Node> {
    return (await server.request<Record<string, Node>>(lookup(field, selection), { id: ids[field] }, token))[field];
  }

  async function listed<T>(selection: string, token: string, pick: (cooperative: T) => Node[]): Promise<Node[]> {
    return pick((await server.request<{ cooperative: T }>(inCooperative(selection), { slug: coop.slug }, token)).cooperative);
  }

  const nodes = (page: Page) => page.edges.map((edge) => edge.node);

  it("member(id) is the node of cooperative.members, for a plain member reading the admin's", async () => {
    const list = await listed<{ members: Page }>(`members(first: 100) { edges { node { ${MEMBER} } } }`, member.user.token, (c) => nodes(c.members));
    expect(await lookedUp('member', MEMBER, member.user.token)).toEqual(list.find((m) => m.id === ids.member));
  });

  it('budgetRound(id) is the node of cooperative.budgetRounds', async () => {
    const list = await listed<{ budgetRounds: Page }>(`budgetRounds(first: 100) { edges { node { ${ROUND} } } }`, member.user.token, (c) => nodes(c.budgetRounds));
    expect(await lookedUp('budgetRound', ROUND, member.user.token)).toEqual(list.find((r) => r.id === ids.budgetRound));
  });

  it('bucket(id) is the node of budgetRound.buckets', async () => {
    // Small pages: the cost limit multiplies the nested pages' sizes.
    const list = await listed<{ budgetRounds: { edges: { node: { buckets: Page } }[] } }>(`budgetRounds(first: 5) { edges { node { buckets(first: 10) { edges { node { ${BUCKET} } } } } } }`, member.user.token, (c) =>
      c.budgetRounds.edges.flatMap((edge) => nodes(edge.node.buckets)),
    );
    expect(await lookedUp('bucket', BUCKET, member.user.token)).toEqual(list.find((b) => b.id === ids.bucket));
  });

  it('surplusDeclaration(id) is the item of cooperative.surplusDeclarations', async () => {
    const list = await listed<{ surplusDeclarations: Node[] }>(`surplusDeclarations { ${DECLARATION} }`, member.user.token, (c) => c.surplusDeclarations);
    const looked = await lookedUp('surplusDeclaration', DECLARATION, member.user.token);
    expect(looked).toEqual(list.find((d) => d.id === ids.surplusDeclaration));
    expect(looked.round).toEqual({ id: ids.budgetRound });
  });

  it('work(id) is the item of cooperative.works, for a coordinator', async () => {
    const list = await listed<{ works: Node[] }>(`works { ${WORK} }`, coop.admin.token, (c) => c.works);
    expect(await lookedUp('work', WORK, coop.admin.token)).toEqual(list.find((w) => w.id === ids.work));
  });

  it("invoice(id) is the node of licensee.invoices, for a coordinator and for the licensee's own account", async () => {
    const document = `query ($id: ID!) { licensee(id: $id) { invoices(first: 100) { edges { node { ${INVOICE} } } } } }`;
    for (const token of [coop.admin.token, licenseeUser.token]) {
      const { licensee } = await server.request<{ licensee: { invoices: Page } }>(document, { id: licenseeId }, token);
      expect(await lookedUp('invoice', INVOICE, token)).toEqual(nodes(licensee.invoices).find((i) => i.id === ids.invoice));
    }
  });

  const FIELDS: [keyof typeof ids, string][] = [
    ['member', MEMBER],
    ['budgetRound', ROUND],
    ['bucket', BUCKET],
    ['surplusDeclaration', DECLARATION],
    ['work', WORK],
    ['invoice', INVOICE],
  ];

  it.each(FIELDS)('%s(id) of an unknown id is NOT_FOUND', async (field, selection) => {
    await expectCode(server.request(lookup(field, selection), { id: randomUUID() }, coop.admin.token), 'NOT_FOUND');
  });

  it.each(FIELDS)("%s(id) of another cooperative's object is FORBIDDEN", async (field, selection) => {
    await expectCode(server.request(lookup(field, selection), { id: ids[field] }, outsider.token), 'FORBIDDEN');
  });

  it.each(FIELDS)('%s(id) is UNAUTHENTICATED without a token', async (field, selection) => {
    await expectCode(server.request(lookup(field, selection), { id: ids[field] }), 'UNAUTHENTICATED');
  });

  it('work(id) is for coordinators only, as cooperative.works: a plain member and a licensee holding a licence of it are FORBIDDEN', async () => {
    await expectCode(server.request(lookup('work', WORK), { id: ids.work }, member.user.token), 'FORBIDDEN');
    await expectCode(server.request(lookup('work', WORK), { id: ids.work }, licenseeUser.token), 'FORBIDDEN');
  });

  it("invoice(id) is FORBIDDEN to a plain member, as the licensee's invoices are", async () => {
    await expectCode(server.request(lookup('invoice', INVOICE), { id: ids.invoice }, member.user.token), 'FORBIDDEN');
  });
});
