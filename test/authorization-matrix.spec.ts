import { randomBytes } from 'node:crypto';
import { getNamedType, GraphQLObjectType, isObjectType } from 'graphql';
import { TestServer } from './support/harness';
import { addMember, adminMemberId, createCooperative, founderUnit, labour, linkLicenseeAccount, signUp, signUpUnverified, TestCooperative, TestMember, TestUser, unique } from './support/factories';
import { CAST_VOTE, createProposal, inSeconds } from './support/governance';
import { mailedToken } from './support/mailbox';
import {
  Cell,
  denialsFirst,
  documentFor,
  judge,
  loadSchema,
  Mismatch,
  Outcome,
  Persona,
  PERSONAS,
  report,
  rootOperations,
  Row,
  ROWS,
  sendHttp,
  sendSubscription,
} from './support/matrix';

/**
 * The authorization matrix: every root operation of schema.graphql, sent by each persona with valid
 * arguments aimed at cooperative A, against a table of what the access rules allow. A new operation
 * fails the suite until it has an entry; a cell that disagrees is listed with what it got.
 *
 * Personas: anonymous (no token); outsider (the ADMIN of another cooperative, B); licensee (the
 * linked account of a licensee of A, not a member); member (a plain member of A holding WORKER
 * units); coordinator (a COORDINATOR of A); admin (A's creator, its ADMIN).
 */

const PASSWORD = 'correct horse battery';

type Args = Record<string, unknown>;
type SignedIn = Exclude<Persona, 'anonymous'>;

interface Fixture {
  server: TestServer;
  /** The signed-in personas; a token is replaced when a session-ending operation runs. */
  users: Record<SignedIn, TestUser>;
  coop: TestCooperative;
  member: TestMember;
  /** A plain member that no persona is: the target of role changes. */
  bystander: TestMember;
  workId: string;
  /** The LICENSEE persona's licensee: COMMERCIAL, with a flat agreement (invoices issued) and a percentage one. */
  licenseeId: string;
  percentAgreementId: string;
  /** The first month of both agreements, e.g. '2026-01'. */
  agreementPeriod: string;
  /** An invoice of the licensee persona's flat agreement. */
  invoiceId: string;
  /** A COMMERCIAL licensee with no account, to grant licences to; it has a percentage agreement too, with one invoice. */
  granteeId: string;
  granteePercentAgreementId: string;
  granteeInvoiceId: string;
  /** Open, all four classes in the electorate, results always visible. */
  proposalId: string;
  /** Open, FUNDER only: nobody held FUNDER units when it opened, so no persona is in its electorate. */
  funderOnlyProposalId: string;
  surplusId: string;
  /** An open round drawn from the reserve, with an approved bucket. */
  roundId: string;
  bucketId: string;
  ballotRoundId: string;
  assetId: string;
  bondSeriesId: string;
  ballotBucketId: string;
  /** A stranger's pending application. */
  applicationId: string;
  /** Real invitations mailed to strangers' addresses. */
  invitationToken: string;
  licenseeInvitationToken: string;
  /** An account whose password the log-in cells use. */
  logInUser: TestUser;
}

let fx: Fixture;

// ---------------------------------------------------------------------------------------------
// GraphQL used to build the fixture and fresh objects (always as A's admin unless said).

const REGISTER_WORK = `mutation ($input: RegisterWorkInput!) { registerWork(input: $input) { id } }`;
const REGISTER_LICENSEE = `mutation ($input: RegisterLicenseeInput!) { registerLicensee(input: $input) { id } }`;
const GRANT = `mutation ($input: GrantLicenseInput!) { grantCommercialLicense(input: $input) { id } }`;
const ISSUE = `mutation ($input: IssueInvoicesInput!) { issueInvoices(input: $input) { id agreementId } }`;
const DECLARE_REVENUE = `mutation ($input: DeclareRevenueInput!) { declareRevenue(input: $input) { id } }`;
const INVITE_LICENSEE = `mutation ($id: ID!) { inviteLicenseeAccount(licenseeId: $id) { id } }`;
const DECLARE_SURPLUS = `mutation ($input: DeclareSurplusInput!) { declareSurplus(input: $input) { id } }`;
const OPEN_ROUND = `mutation ($input: OpenBudgetRoundInput!) { openBudgetRound(input: $input) { id } }`;
const PROPOSE_BUCKET = `mutation ($input: ProposeBucketInput!) { proposeBucket(input: $input) { id } }`;
const APPROVE_BUCKET = `mutation ($id: ID!) { approveBucket(id: $id) { id } }`;
const APPLY = `mutation ($input: ApplyInput!) { applyForMembership(input: $input) { id } }`;
const ADD_MEMBER = `mutation ($input: AddMemberInput!) { addMember(input: $input) { id } }`;
const REQUEST_RESET = `mutation ($email: String!) { requestPasswordReset(email: $email) }`;
const LOG_IN = `mutation ($input: LogInInput!) { logIn(input: $input) { token } }`;

const asAdmin = <T>(document: string, variables: Args) => fx.server.request<T>(document, variables, fx.coop.admin.token);
const ISSUE_BOND_SERIES = `mutation ($input: IssueBondSeriesInput!) { issueBondSeries(input: $input) { id } }`;
const idOf = async (document: string, variables: Args, token = fx.coop.admin.token) => Object.values(await fx.server.request<Record<string, { id: string }>>(document, variables, token))[0].id;

const email = (prefix: string) => `${unique(prefix)}@example.org`;
const bogusToken = () => randomBytes(32).toString('base64url');
const today = () => new Date().toISOString().slice(0, 10);
/** The first day of the month `offset` months from now (UTC). */
function monthStart(offset: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}

const freshProposal = () => createProposal(fx.server, fx.coop);
const freshRound = () => idOf(OPEN_ROUND, { input: { cooperativeId: fx.coop.id, title: unique('round'), amount: '1.00', grantingClosesAt: inSeconds(86_400) } });
const freshBucket = () => idOf(PROPOSE_BUCKET, { input: { roundId: fx.roundId, title: unique('bucket'), description: 'A bench', minGoal: '1.00', maxGoal: '10.00' } }, fx.member.user.token);
const freshMember = (roles: string[] = []) => addMember(fx.server, fx.coop, unique('target'), roles);
const APPOINT_PROXY = `mutation ($input: AppointProxyInput!) { appointProxy(input: $input) { id } }`;
const CREATE_WEBHOOK_ENDPOINT = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { id } }`;
const webhookEndpointInput = () => ({ input: { cooperativeId: fx.coop.id, url: 'https://hooks.example.org/tetrad', events: ['PROPOSAL_CLOSED'] } });
const freshWebhookEndpoint = () => idOf(CREATE_WEBHOOK_ENDPOINT, webhookEndpointInput());
const freshLicensee = () => idOf(REGISTER_LICENSEE, { input: { cooperativeId: fx.coop.id, name: 'Reader', email: email('reader'), use: 'NONCOMMERCIAL' } });

async function freshApplication(): Promise<string> {
  const applicant = await signUp(fx.server, unique('applicant'));
  return idOf(APPLY, { input: { cooperativeId: fx.coop.id, stakeholderClass: 'USER' } }, applicant.token);
}

/** A COMMERCIAL licensee whose account is linked, ready to become a member. */
async function freshLinkedLicensee(): Promise<string> {
  const user = await signUp(fx.server, unique('convert'));
  const id = await idOf(REGISTER_LICENSEE, { input: { cooperativeId: fx.coop.id, name: 'Convertible', email: user.email, use: 'COMMERCIAL' } });
  await linkLicenseeAccount(fx.server, fx.coop, id, user);
  return id;
}

async function freshVerificationToken(): Promise<string> {
  const user = await signUpUnverified(fx.server, unique('unverified'));
  return mailedToken(fx.server, user.email, 'verify-email');
}

async function freshResetToken(): Promise<string> {
  const user = await signUpUnverified(fx.server, unique('forgetful'));
  await fx.server.request(REQUEST_RESET, { email: user.email });
  return mailedToken(fx.server, user.email, 'reset-password');
}

const tokenOf = (persona: Persona): string | undefined => (persona === 'anonymous' ? undefined : fx.users[persona].token);

/** After an operation that ends the persona's sessions: log in again. */
async function logInAgain(persona: Persona): Promise<void> {
  if (persona === 'anonymous') return;
  const user = fx.users[persona];
  user.token = (await fx.server.request<{ logIn: { token: string } }>(LOG_IN, { input: { email: user.email, password: PASSWORD } })).logIn.token;
}

/** Builds `fx`: the personas, and the objects of cooperative A the operations are aimed at. */
async function buildFixture(server: TestServer): Promise<void> {
  const coop = await createCooperative(server);
  const [other, coordinator, member, bystander, licenseeUser, logInUser, stranger] = await Promise.all([
    createCooperative(server),
    addMember(server, coop, unique('coordinator'), ['COORDINATOR']),
    addMember(server, coop, unique('member')),
    addMember(server, coop, unique('bystander')),
    signUp(server, unique('licensee')),
    signUp(server, unique('login')),
    signUp(server, unique('applicant')),
  ]);
  // The other fields are filled in below, by helpers that read `fx`.
  fx = { server, coop, member, bystander, logInUser, users: { outsider: other.admin, licensee: licenseeUser, member: member.user, coordinator: coordinator.user, admin: coop.admin } } as Fixture;

  // Units before any proposal or round, so the personas are in electorates and get allocations.
  await Promise.all([founderUnit(server, coop, await adminMemberId(server, coop)), labour(server, coop, member.id, '8'), labour(server, coop, coordinator.id, '4')]);

  const startsOn = monthStart(-2);
  fx.agreementPeriod = startsOn.slice(0, 7);
  fx.workId = await idOf(REGISTER_WORK, { input: { cooperativeId: coop.id, title: 'OpenHouse' } });
  fx.licenseeId = await idOf(REGISTER_LICENSEE, { input: { cooperativeId: coop.id, name: 'Acme', email: licenseeUser.email, use: 'COMMERCIAL' } });
  await linkLicenseeAccount(server, coop, fx.licenseeId, licenseeUser);
  const flatAgreementId = await idOf(GRANT, { input: { licenseeId: fx.licenseeId, workId: fx.workId, fee: { period: 'MONTHLY', amount: '100.00' }, startsOn } });
  fx.percentAgreementId = await idOf(GRANT, { input: { licenseeId: fx.licenseeId, workId: fx.workId, fee: { period: 'MONTHLY', revenuePercent: '5' }, startsOn } });
  fx.granteeId = await idOf(REGISTER_LICENSEE, { input: { cooperativeId: coop.id, name: 'Bigco', email: email('bigco'), use: 'COMMERCIAL' } });
  fx.granteePercentAgreementId = await idOf(GRANT, { input: { licenseeId: fx.granteeId, workId: fx.workId, fee: { period: 'MONTHLY', revenuePercent: '2' }, startsOn } });
  // The figure the declareRevenue cells send again, so the grantee has an invoice for the invoice cells.
  await asAdmin(DECLARE_REVENUE, { input: { agreementId: fx.granteePercentAgreementId, period: fx.agreementPeriod, revenue: '1000.00' } });
  const { issueInvoices } = await asAdmin<{ issueInvoices: { id: string; agreementId: string }[] }>(ISSUE, { input: { cooperativeId: coop.id, through: today() } });
  fx.invoiceId = issueInvoices.find((invoice) => invoice.agreementId === flatAgreementId)!.id;
  fx.granteeInvoiceId = issueInvoices.find((invoice) => invoice.agreementId === fx.granteePercentAgreementId)!.id;

  fx.surplusId = await idOf(DECLARE_SURPLUS, { input: { cooperativeId: coop.id, period: unique('period'), amount: '1000.00', idempotencyKey: unique('surplus') } });
  fx.roundId = await idOf(OPEN_ROUND, { input: { cooperativeId: coop.id, title: 'Matrix round', amount: '100.00', grantingClosesAt: inSeconds(86_400) } });
  fx.bucketId = await idOf(PROPOSE_BUCKET, { input: { roundId: fx.roundId, title: 'Oven', description: 'A bigger oven', minGoal: '1.00', maxGoal: '1000.00' } }, member.user.token);
  await asAdmin(APPROVE_BUCKET, { id: fx.bucketId });
  fx.assetId = await idOf(`mutation ($input: RegisterAssetInput!) { registerAsset(input: $input) { id } }`, { input: { cooperativeId: coop.id, title: 'Workshop', kind: 'BUILDING', cost: '1000.00' } });
  fx.bondSeriesId = await idOf(ISSUE_BOND_SERIES, { input: { cooperativeId: coop.id, title: 'Matrix bonds', couponPercent: '5', couponPeriod: 'YEARLY', issuedOn: '2025-01-01', maturesOn: '2030-01-01' } });
  await asAdmin(`mutation ($input: BondPurchaseInput!) { recordBondPurchase(input: $input) { id } }`, { input: { seriesId: fx.bondSeriesId, holderName: 'Lender', amount: '100.00', idempotencyKey: 'matrix' } });
  fx.ballotRoundId = await idOf(OPEN_ROUND, { input: { cooperativeId: coop.id, title: 'Matrix ballot', amount: '10.00', grantingClosesAt: inSeconds(86_400), mode: 'BALLOT', rule: 'GREEDY' } });
  fx.ballotBucketId = await idOf(PROPOSE_BUCKET, { input: { roundId: fx.ballotRoundId, title: 'Bench', description: '', minGoal: '1.00', maxGoal: '1.00' } }, member.user.token);
  await asAdmin(APPROVE_BUCKET, { id: fx.ballotBucketId });

  fx.proposalId = await createProposal(server, coop);
  fx.funderOnlyProposalId = await createProposal(server, coop, { classes: ['FUNDER'] });
  fx.applicationId = await idOf(APPLY, { input: { cooperativeId: coop.id, stakeholderClass: 'USER' } }, stranger.token);

  const invited = email('invited');
  await asAdmin(ADD_MEMBER, { input: { cooperativeId: coop.id, email: invited } });
  fx.invitationToken = await mailedToken(server, invited, 'accept-invitation');
  const licenseeAddress = email('licensee-contact');
  const contactOnly = await idOf(REGISTER_LICENSEE, { input: { cooperativeId: coop.id, name: 'Contact only', email: licenseeAddress, use: 'NONCOMMERCIAL' } });
  await asAdmin(INVITE_LICENSEE, { id: contactOnly });
  fx.licenseeInvitationToken = await mailedToken(server, licenseeAddress, 'accept-licensee-invitation');
}

// ---------------------------------------------------------------------------------------------
// The operations table.

interface OperationCase {
  /** Which case of the operation this is, when it has several. */
  variant?: string;
  cells: Row;
  /**
   * The arguments, built for each persona just before its request: operations that change an
   * object for good get a fresh one each time, so every cell checks access and not leftovers.
   */
  args: (persona: Persona) => Args | Promise<Args>;
  /** Runs after each persona's request. */
  after?: (persona: Persona) => Promise<void>;
  /** Subscriptions: makes something happen that an accepted subscriber hears. */
  trigger?: () => Promise<void>;
}

const coopId = () => ({ cooperativeId: fx.coop.id });
let extensions = 0;

const OPERATIONS: Record<string, OperationCase | OperationCase[]> = {
  // --- identity
  signUp: { cells: ROWS.PUBLIC, args: () => ({ input: { email: email('signup'), password: PASSWORD, displayName: 'New' } }) },
  logIn: { cells: ROWS.PUBLIC, args: () => ({ input: { email: fx.logInUser.email, password: PASSWORD } }) },
  me: { cells: ROWS.SIGNED_IN, args: () => ({}) },
  requestPasswordReset: { cells: ROWS.PUBLIC, args: () => ({ email: email('nobody') }) },
  resetPassword: [
    { variant: 'a fresh reset link', cells: ROWS.PUBLIC, args: async () => ({ token: await freshResetToken(), newPassword: 'a brand new secret' }) },
    { variant: 'a bogus token', cells: ROWS.PUBLIC_BOGUS_TOKEN, args: () => ({ token: bogusToken(), newPassword: 'a brand new secret' }) },
  ],
  verifyEmail: [
    { variant: 'a fresh verification link', cells: ROWS.PUBLIC, args: async () => ({ token: await freshVerificationToken() }) },
    { variant: 'a bogus token', cells: ROWS.PUBLIC_BOGUS_TOKEN, args: () => ({ token: bogusToken() }) },
  ],
  // Every persona's address is verified already, so the signed-in cells are CONFLICT (after the access check).
  requestEmailVerification: { cells: ROWS.SIGNED_IN, args: () => ({}) },

  // --- cooperatives
  cooperative: { cells: ROWS.PUBLIC, args: () => ({ slug: fx.coop.slug }) },
  createCooperative: { cells: ROWS.SIGNED_IN, args: () => ({ input: { name: 'Another bakery', slug: unique('matrix'), currency: 'EUR' } }) },
  amendBylaws: { cells: ROWS.ADMINS, args: () => ({ input: { ...coopId(), bylaws: { graceDays: 10 } } }) },

  // --- membership
  addMember: [
    { variant: 'as a MEMBER', cells: ROWS.COORDINATORS, args: () => ({ input: { ...coopId(), email: email('invitee') } }) },
    { variant: 'as a COORDINATOR (giving a role)', cells: ROWS.ADMINS, args: () => ({ input: { ...coopId(), email: email('invitee'), roles: ['COORDINATOR'] } }) },
  ],
  inviteMembers: { cells: ROWS.COORDINATORS, args: () => ({ input: { ...coopId(), invitations: [{ email: email('bulk') }] } }) },
  acceptInvitation: [
    // acceptInvitation needs a logged-in caller; the token is the credential, so a bogus one is NOT_FOUND.
    { variant: 'a bogus token', cells: ROWS.SIGNED_IN_BOGUS_TOKEN, args: () => ({ token: bogusToken() }) },
    { variant: "an invitation mailed to someone else's address", cells: ROWS.NOBODY, args: () => ({ token: fx.invitationToken }) },
  ],
  member: { cells: ROWS.MEMBERS, args: () => ({ id: fx.bystander.id }) },
  setMemberRoles: { cells: ROWS.ADMINS, args: () => ({ input: { memberId: fx.bystander.id, roles: ['MEMBER'] } }) },

  // --- admissions
  applyForMembership: { cells: ROWS.SIGNED_IN, args: () => ({ input: { ...coopId(), stakeholderClass: 'USER' } }) },
  decideApplication: { cells: ROWS.COORDINATORS, args: async () => ({ input: { applicationId: await freshApplication(), decision: 'REJECT' } }) },
  withdrawApplication: [
    { variant: "someone else's application", cells: ROWS.NOBODY, args: () => ({ applicationId: fx.applicationId }) },
    {
      variant: 'its own application',
      cells: ROWS.SIGNED_IN,
      args: async (persona) => ({
        applicationId: persona === 'anonymous' ? fx.applicationId : await idOf(APPLY, { input: { ...coopId(), stakeholderClass: 'FUNDER' } }, tokenOf(persona)),
      }),
    },
  ],
  leaveCooperative: [
    // A member leaving by itself is in test/admissions.spec.ts; here the persona removes someone else.
    { variant: 'another member', cells: ROWS.COORDINATORS, args: async () => ({ memberId: (await freshMember()).id }) },
    { variant: 'another ADMIN', cells: ROWS.ADMINS, args: async () => ({ memberId: (await freshMember(['ADMIN'])).id }) },
  ],

  // --- equity register
  issueFounderUnits: { cells: ROWS.COORDINATORS, args: async () => ({ input: { memberId: (await freshMember()).id } }) },
  recordLabour: { cells: ROWS.COORDINATORS, args: () => ({ input: { memberId: fx.member.id, hours: '1', description: 'Baking', occurredOn: today() } }) },
  recordCapital: { cells: ROWS.COORDINATORS, args: () => ({ input: { memberId: fx.member.id, amount: '1.00' } }) },
  recordPatronage: { cells: ROWS.COORDINATORS, args: () => ({ input: { memberId: fx.member.id, amount: '1.00' } }) },

  // --- governance
  proposal: { cells: ROWS.MEMBERS, args: () => ({ id: fx.proposalId }) },
  createProposal: {
    // The default bylaws let only coordinators propose (membersMayPropose: false).
    cells: ROWS.COORDINATORS,
    args: () => ({ input: { ...coopId(), title: 'Paint the door', body: 'Blue.', kind: 'ORDINARY', method: 'YES_NO', closesAt: inSeconds(3600) } }),
  },
  castVote: [
    { variant: 'in its electorate', cells: ROWS.MEMBERS, args: () => ({ input: { proposalId: fx.proposalId, choice: 'YES' } }) },
    { variant: 'outside its electorate', cells: ROWS.NOBODY, args: () => ({ input: { proposalId: fx.funderOnlyProposalId, choice: 'YES' } }) },
  ],
  closeProposal: { cells: ROWS.COORDINATORS, args: async () => ({ id: await freshProposal() }) },
  appointProxy: { cells: ROWS.MEMBERS, args: async () => ({ input: { holderMemberId: (await freshMember()).id } }) },
  // Only the giver revokes: a fresh member's proxy is nobody's among the personas.
  revokeProxy: {
    cells: ROWS.NOBODY,
    args: async () => {
      const [giver, holder] = [await freshMember(), await freshMember()];
      return { id: await idOf(APPOINT_PROXY, { input: { holderMemberId: holder.id } }, giver.user.token) };
    },
  },
  recordOutcomeStatement: {
    cells: ROWS.COORDINATORS,
    args: async () => {
      const id = await freshProposal();
      await fx.server.request(`mutation ($id: ID!) { closeProposal(id: $id) { id } }`, { id }, fx.coop.admin.token);
      return { input: { proposalId: id, statement: 'We decided.', reviewOn: '2027-01-01' } };
    },
  },
  extendProposal: { cells: ROWS.COORDINATORS, args: () => ({ id: fx.proposalId, closesAt: inSeconds(7200 + 60 * ++extensions) }) },
  // Over graphql-ws; an accepted subscriber hears the member's next ballot.
  tallyUpdated: {
    cells: ROWS.MEMBERS,
    args: () => ({ proposalId: fx.proposalId }),
    trigger: async () => void (await fx.server.request(CAST_VOTE, { input: { proposalId: fx.proposalId, choice: 'NO' } }, fx.users.member.token)),
  },

  // --- audit
  auditLog: { cells: ROWS.MEMBERS, args: coopId },
  verifyAuditChain: { cells: ROWS.MEMBERS, args: coopId },

  // --- surplus and co-budgeting
  surplusDeclaration: { cells: ROWS.MEMBERS, args: () => ({ id: fx.surplusId }) },
  budgetRound: { cells: ROWS.MEMBERS, args: () => ({ id: fx.roundId }) },
  bucket: { cells: ROWS.MEMBERS, args: () => ({ id: fx.bucketId }) },
  declareSurplus: { cells: ROWS.COORDINATORS, args: () => ({ input: { ...coopId(), period: unique('period'), amount: '10.00', idempotencyKey: unique('key') } }) },
  openBudgetRound: { cells: ROWS.COORDINATORS, args: () => ({ input: { ...coopId(), title: unique('round'), amount: '1.00', grantingClosesAt: inSeconds(86_400) } }) },
  closeBudgetRound: { cells: ROWS.COORDINATORS, args: async () => ({ id: await freshRound() }) },
  proposeBucket: { cells: ROWS.MEMBERS, args: () => ({ input: { roundId: fx.roundId, title: unique('bucket'), description: 'Plants', minGoal: '1.00', maxGoal: '5.00' } }) },
  approveBucket: { cells: ROWS.COORDINATORS, args: async () => ({ id: await freshBucket() }) },
  contribute: { cells: ROWS.MEMBERS, args: () => ({ input: { bucketId: fx.bucketId, amount: '0.01' } }) },
  castBudgetBallot: { cells: ROWS.MEMBERS, args: () => ({ input: { roundId: fx.ballotRoundId, bucketIds: [fx.ballotBucketId] } }) },
  previewBudgetOutcome: {
    cells: ROWS.COORDINATORS,
    args: () => ({ ...coopId(), rule: 'GREEDY', pabulib: 'META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote\n1;a\n' }),
  },

  // --- licensing
  registerWork: { cells: ROWS.COORDINATORS, args: () => ({ input: { ...coopId(), title: unique('work') } }) },
  registerLicensee: { cells: ROWS.COORDINATORS, args: () => ({ input: { ...coopId(), name: 'Reader', email: email('reader'), use: 'NONCOMMERCIAL' } }) },
  licensee: [
    { variant: "the licensee persona's own", cells: ROWS.COORDINATORS_AND_LICENSEE, args: () => ({ id: fx.licenseeId }) },
    { variant: 'another licensee', cells: ROWS.COORDINATORS, args: () => ({ id: fx.granteeId }) },
  ],
  myLicensees: { cells: ROWS.SIGNED_IN, args: () => ({}) },
  // Coordinators only, as Cooperative.works, although the licensee persona licenses this work (it sees it through Licensee.agreements).
  work: { cells: ROWS.COORDINATORS, args: () => ({ id: fx.workId }) },
  invoice: [
    { variant: "the licensee persona's own", cells: ROWS.COORDINATORS_AND_LICENSEE, args: () => ({ id: fx.invoiceId }) },
    { variant: "another licensee's", cells: ROWS.COORDINATORS, args: () => ({ id: fx.granteeInvoiceId }) },
  ],
  grantCommercialLicense: {
    cells: ROWS.COORDINATORS,
    args: () => ({ input: { licenseeId: fx.granteeId, workId: fx.workId, fee: { period: 'MONTHLY', amount: '10.00' }, startsOn: monthStart(1) } }),
  },
  // The same figure for the same period is accepted again, so every allowed cell succeeds.
  declareRevenue: [
    {
      variant: "the licensee persona's agreement",
      cells: ROWS.COORDINATORS_AND_LICENSEE,
      args: () => ({ input: { agreementId: fx.percentAgreementId, period: fx.agreementPeriod, revenue: '1000.00' } }),
    },
    {
      variant: "another licensee's agreement",
      cells: ROWS.COORDINATORS,
      args: () => ({ input: { agreementId: fx.granteePercentAgreementId, period: fx.agreementPeriod, revenue: '1000.00' } }),
    },
  ],
  issueInvoices: { cells: ROWS.COORDINATORS, args: () => ({ input: { ...coopId(), through: today() } }) },
  recordPayment: { cells: ROWS.COORDINATORS, args: () => ({ input: { licenseeId: fx.licenseeId, amount: '1.00', idempotencyKey: unique('payment') } }) },
  inviteLicenseeAccount: { cells: ROWS.COORDINATORS, args: async () => ({ licenseeId: await freshLicensee() }) },
  acceptLicenseeInvitation: [
    { variant: 'a bogus token', cells: ROWS.SIGNED_IN_BOGUS_TOKEN, args: () => ({ token: bogusToken() }) },
    { variant: "an invitation mailed to someone else's address", cells: ROWS.NOBODY, args: () => ({ token: fx.licenseeInvitationToken }) },
  ],
  convertLicenseeToMember: { cells: ROWS.COORDINATORS, args: async () => ({ licenseeId: await freshLinkedLicensee(), dues: { period: 'MONTHLY', amount: '10.00' } }) },

  // --- the venture commune: assets, rentals, bonds
  registerAsset: { cells: ROWS.COORDINATORS, args: () => ({ input: { ...coopId(), title: unique('asset'), kind: 'EQUIPMENT', cost: '10.00' } }) },
  grantRental: {
    cells: ROWS.COORDINATORS,
    args: () => ({ input: { assetId: fx.assetId, tenantLicenseeId: fx.granteeId, rent: { period: 'MONTHLY', amount: '10.00' }, startsOn: monthStart(1) } }),
  },
  issueBondSeries: {
    cells: ROWS.COORDINATORS,
    args: () => ({ input: { ...coopId(), title: unique('bonds'), couponPercent: '4', couponPeriod: 'YEARLY', issuedOn: '2025-01-01', maturesOn: '2030-01-01' } }),
  },
  recordBondPurchase: { cells: ROWS.COORDINATORS, args: () => ({ input: { seriesId: fx.bondSeriesId, holderName: 'Lender', amount: '1.00', idempotencyKey: unique('bond') } }) },
  // A period is paid once; a repeat returns the same payments, so every allowed cell succeeds.
  payBondCoupons: { cells: ROWS.COORDINATORS, args: () => ({ input: { seriesId: fx.bondSeriesId, period: '2025' } }) },
  // A fresh series that has already matured (nothing to repay, so it succeeds with no payments).
  redeemBonds: {
    cells: ROWS.COORDINATORS,
    args: async () => ({
      seriesId: await idOf(ISSUE_BOND_SERIES, { input: { ...coopId(), title: unique('old bonds'), couponPercent: '4', couponPeriod: 'YEARLY', issuedOn: '2020-01-01', maturesOn: '2021-01-01' } }),
    }),
  },

  // --- notifications
  createWebhookEndpoint: { cells: ROWS.COORDINATORS, args: webhookEndpointInput },
  disableWebhookEndpoint: { cells: ROWS.COORDINATORS, args: async () => ({ id: await freshWebhookEndpoint() }) },

  // --- last: irreversible, or ending the persona's sessions (each then logs in again)
  // There is one cooperative A, so the coordinator closes its founding and the admin's cell is CONFLICT (already closed).
  closeFounding: { cells: ROWS.COORDINATORS, args: coopId },
  changePassword: { cells: ROWS.SIGNED_IN, args: () => ({ currentPassword: PASSWORD, newPassword: PASSWORD }), after: logInAgain },
  logOutEverywhere: { cells: ROWS.SIGNED_IN, args: () => ({}), after: logInAgain },
};

// ---------------------------------------------------------------------------------------------
// The fields table: fields of Cooperative (every one has an entry) and User.memberships.

interface FieldCase {
  document: string;
  cells: Row;
  /** Where a denial must come from: the last field named in each refused error's path. */
  deniedAt: (persona: Persona) => string;
}

const SLUG_QUERY = (selection: string) => `query ($slug: String!) { cooperative(slug: $slug) { ${selection} } }`;
const at = (field: string) => () => field;

const SCHEMA = loadSchema();
const COOPERATIVE = SCHEMA.getType('Cooperative') as GraphQLObjectType;

/** `cooperative(slug) { <field> }`, selecting `__typename` (and `id`) of an object unless told otherwise. */
function cooperativeField(field: string, cells: Row, selection?: string): FieldCase {
  const type = getNamedType(COOPERATIVE.getFields()[field].type);
  const objectSelection = isObjectType(type) ? (type.getFields().id ? '{ __typename id }' : '{ __typename }') : '';
  return { document: SLUG_QUERY(`${field} ${selection ?? objectSelection}`), cells, deniedAt: at(field) };
}

const FIELDS: Record<string, FieldCase> = {
  'Cooperative.id': cooperativeField('id', ROWS.PUBLIC),
  'Cooperative.name': cooperativeField('name', ROWS.PUBLIC),
  'Cooperative.slug': cooperativeField('slug', ROWS.PUBLIC),
  'Cooperative.currency': cooperativeField('currency', ROWS.PUBLIC),
  'Cooperative.createdAt': cooperativeField('createdAt', ROWS.PUBLIC),
  'Cooperative.foundingOpen': cooperativeField('foundingOpen', ROWS.PUBLIC),
  'Cooperative.foundingClosedAt': cooperativeField('foundingClosedAt', ROWS.PUBLIC),
  'Cooperative.bylaws': cooperativeField('bylaws', ROWS.PUBLIC, '{ version reservePercent }'),
  'Cooperative.bylawsHistory': cooperativeField('bylawsHistory', ROWS.PUBLIC, '{ version }'),
  // Null for anyone without an active membership.
  'Cooperative.myMembership': cooperativeField('myMembership', ROWS.PUBLIC),
  'Cooperative.members': cooperativeField('members', ROWS.MEMBERS, '{ totalCount }'),
  'Cooperative.capTable': cooperativeField('capTable', ROWS.MEMBERS, '{ unallocatedShare }'),
  'Cooperative.ledger': cooperativeField('ledger', ROWS.MEMBERS, '{ trialBalance }'),
  'Cooperative.proposals': cooperativeField('proposals', ROWS.MEMBERS, '{ totalCount }'),
  'Cooperative.budgetRounds': cooperativeField('budgetRounds', ROWS.MEMBERS, '{ totalCount }'),
  'Cooperative.surplusDeclarations': cooperativeField('surplusDeclarations', ROWS.MEMBERS),
  'Cooperative.pendingApplications': cooperativeField('pendingApplications', ROWS.COORDINATORS),
  'Cooperative.licensees': cooperativeField('licensees', ROWS.COORDINATORS),
  'Cooperative.works': cooperativeField('works', ROWS.COORDINATORS),
  'Cooperative.webhookEndpoints': cooperativeField('webhookEndpoints', ROWS.COORDINATORS),
  'Cooperative.assets': cooperativeField('assets', ROWS.COORDINATORS),
  'Cooperative.bondSeries': cooperativeField('bondSeries', ROWS.COORDINATORS),
  // Every persona sees at least one other member's user: members refuse non-members, memberships everyone else.
  "User.memberships of other members' users": {
    document: SLUG_QUERY('members(first: 100) { edges { node { user { memberships { id } } } } }'),
    cells: ROWS.NOBODY,
    deniedAt: (persona) => (['member', 'coordinator', 'admin'].includes(persona) ? 'memberships' : 'members'),
  },
  'User.memberships of the viewer (me)': { document: `{ me { memberships { id } } }`, cells: ROWS.SIGNED_IN, deniedAt: at('me') },
};

/** The last field name in an error's path (skipping list indexes). */
function lastField(error: Outcome['errors'][number]): string | undefined {
  const path = (error as { path?: (string | number)[] }).path ?? [];
  return [...path].reverse().find((p): p is string => typeof p === 'string');
}

// ---------------------------------------------------------------------------------------------

describe('authorization matrix', () => {
  const operations = rootOperations(SCHEMA);
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
    await buildFixture(server);
  }, 60_000);
  afterAll(() => server.close());

  it('has an entry for every root operation of schema.graphql, and none for others', () => {
    const missing = [...operations.keys()].filter((name) => !(name in OPERATIONS));
    const unknown = Object.keys(OPERATIONS).filter((name) => !operations.has(name));
    if (missing.length || unknown.length) {
      throw new Error(
        [
          missing.length && `Operations without an entry in OPERATIONS (test/authorization-matrix.spec.ts): ${missing.join(', ')}`,
          unknown.length && `Entries for operations that schema.graphql does not have: ${unknown.join(', ')}`,
        ]
          .filter(Boolean)
          .join('\n'),
      );
    }
  });

  it('has an entry for every field of Cooperative', () => {
    const missing = Object.keys(COOPERATIVE.getFields()).filter((field) => !(`Cooperative.${field}` in FIELDS));
    if (missing.length) throw new Error(`Cooperative fields without an entry in FIELDS: ${missing.join(', ')}`);
  });

  it('answers every operation × persona as the table says', async () => {
    const mismatches: Mismatch[] = [];
    let checked = 0;
    for (const [name, entry] of Object.entries(OPERATIONS)) {
      const operation = operations.get(name);
      if (!operation) continue; // reported by the test above
      for (const c of [entry].flat()) {
        const label = c.variant ? `${name} (${c.variant})` : name;
        for (const persona of denialsFirst(c.cells)) {
          checked++;
          const expected: Cell = c.cells[persona];
          let outcome: Outcome;
          try {
            const args = await c.args(persona);
            const document = documentFor(operation, Object.keys(args));
            outcome =
              operation.kind === 'subscription'
                ? await sendSubscription(server.url, document, args, tokenOf(persona), c.trigger ?? (() => Promise.resolve()))
                : await sendHttp(server.url, document, args, tokenOf(persona));
            await c.after?.(persona);
          } catch (error) {
            outcome = { errors: [{ message: `the test could not build or send the request: ${String(error)}`, extensions: { code: 'TEST_ERROR' } }] };
          }
          const why = judge(expected, outcome);
          // MATRIX_DEBUG=1 prints every cell, to see which ALLOWED cells were state refusals.
          if (process.env.MATRIX_DEBUG) console.log(`${label} × ${persona}: ${expected} → ${outcome.errors.map((e) => `${e.extensions?.code} ${e.message}`).join('; ') || 'success'}`);
          if (why) mismatches.push({ operation: label, persona, expected, got: outcome, why });
        }
      }
    }
    if (mismatches.length) throw new Error(report(mismatches, checked));
    expect(checked).toBe(Object.values(OPERATIONS).flat().length * PERSONAS.length);
  }, 120_000);

  it('answers the member-only fields × persona as the fields table says', async () => {
    const mismatches: Mismatch[] = [];
    let checked = 0;
    for (const [name, c] of Object.entries(FIELDS)) {
      for (const persona of denialsFirst(c.cells)) {
        checked++;
        const expected = c.cells[persona];
        const outcome = await sendHttp(server.url, c.document, c.document.includes('$slug') ? { slug: fx.coop.slug } : {}, tokenOf(persona));
        let why = judge(expected, outcome);
        const misplaced = !why && expected !== 'ALLOWED' ? outcome.errors.find((e) => lastField(e) !== c.deniedAt(persona)) : undefined;
        if (misplaced) why = `refused at ${lastField(misplaced)}, not at ${c.deniedAt(persona)}`;
        if (why) mismatches.push({ operation: name, persona, expected, got: outcome, why });
      }
    }
    if (mismatches.length) throw new Error(report(mismatches, checked));
  });
});
