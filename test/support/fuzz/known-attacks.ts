/** A request that must be refused as BAD_USER_INPUT: a label, a document and its variables. */
export type Attack = [label: string, document: string, variables: Record<string, unknown>];

/** The inputs that used to crash the server (INTERNAL_SERVER_ERROR), or would have, aimed at the seeded records. */
export function knownAttacks(ids: Record<string, string[]>, slug: string): Attack[] {
  const cursor = (key: string) => Buffer.from(key).toString('base64url');
  const [cooperativeId, proposalId, memberId] = [ids.cooperativeId[0], ids.proposalId?.[0], ids.memberId[0]];
  const coop = (input: Record<string, unknown>) => ({ input: { name: 'Fine', slug: `fuzz-${Math.random().toString(36).slice(2, 10)}`, currency: 'EUR', ...input } });
  const CREATE = 'mutation ($input: CreateCooperativeInput!) { createCooperative(input: $input) { id } }';
  const WORK = 'mutation ($input: RegisterWorkInput!) { registerWork(input: $input) { id } }';
  const EXTEND = 'mutation ($id: ID!, $closesAt: DateTime!) { extendProposal(id: $id, closesAt: $closesAt) { id } }';
  const AUDIT = 'query ($id: ID!, $after: String, $first: Int!) { auditLog(cooperativeId: $id, after: $after, first: $first) { totalCount } }';
  const CAPITAL = 'mutation ($input: RecordMoneyInput!) { recordCapital(input: $input) { id } }';
  return [
    ['a non-UUID ID', 'query ($id: ID!) { proposal(id: $id) { id } }', { id: 'not-a-uuid' }],
    ['a non-UUID ID, inline', '{ proposal(id: "not-a-uuid") { id } }', {}],
    ['an integer ID', 'mutation ($id: ID!) { closeProposal(id: $id) { id } }', { id: 42 }],
    ['a NUL byte', CREATE, coop({ name: 'a\u0000b' })],
    ['a lone surrogate', CREATE, coop({ name: 'x\ud800' })],
    ['a whitespace-only name', CREATE, coop({ name: ' \t ' })],
    ['an empty name', CREATE, coop({ name: '' })],
    ['a title padded with variation selectors', WORK, { input: { cooperativeId, title: 'x\ufe0f'.repeat(300) } }],
    ['a NUL byte in an optional description', WORK, { input: { cooperativeId, title: 'Fine', description: '\u0000' } }],
    ['closesAt "not a date"', EXTEND, { id: proposalId, closesAt: 'not a date' }],
    ['closesAt "not a date", inline', `mutation { extendProposal(id: "${proposalId}", closesAt: "not a date") { id } }`, {}],
    ['closesAt 2026-02-30', EXTEND, { id: proposalId, closesAt: '2026-02-30T00:00:00Z' }],
    ['closesAt in year 10000', EXTEND, { id: proposalId, closesAt: '+010000-01-01T00:00:00.000Z' }],
    ['closesAt as a number', EXTEND, { id: proposalId, closesAt: 1_700_000_000_000 }],
    ['a cursor past the bigint range', AUDIT, { id: cooperativeId, after: cursor('9223372036854775808'), first: 5 }],
    ['a negative cursor', AUDIT, { id: cooperativeId, after: cursor('-1'), first: 5 }],
    ['a cursor past the integer range of line numbers', 'query ($slug: String!, $after: String) { cooperative(slug: $slug) { surplusDeclarations { payouts(after: $after) { totalCount } } } }', { slug, after: cursor('2147483648') }],
    ['first: -1', AUDIT, { id: cooperativeId, first: -1 }],
    ['first: 2^31 - 1', AUDIT, { id: cooperativeId, first: 2 ** 31 - 1 }],
    ['first: 2^31', AUDIT, { id: cooperativeId, first: 2 ** 31 }],
    ['amount "1e999999"', CAPITAL, { input: { memberId, amount: '1e999999' } }],
    ['amount "NaN"', CAPITAL, { input: { memberId, amount: 'NaN' } }],
    ['amount "-0"', CAPITAL, { input: { memberId, amount: '-0' } }],
    ['amount of 10,000 digits', CAPITAL, { input: { memberId, amount: '9'.repeat(10_000) } }],
    ['through 2026-02-30', 'mutation ($input: IssueInvoicesInput!) { issueInvoices(input: $input) { id } }', { input: { cooperativeId, through: '2026-02-30' } }],
  ];
}
