import { TestServer, testDatabaseUrl } from './support/harness';
import { addMember, createCooperative, labour, TestCooperative, TestMember } from './support/factories';
import { createProposal, vote } from './support/governance';
import { StatementCounter } from './support/statement-counter';

/**
 * Statements per request, counted on the wire between the server and PostgreSQL: hot paths and lists
 * must run a fixed number of statements, whatever the number of rows.
 */
describe('statements per request', () => {
  let counter: StatementCounter;
  let server: TestServer;
  let coop: TestCooperative;
  let voter: TestMember;

  beforeAll(async () => {
    counter = await StatementCounter.start(testDatabaseUrl());
    server = await TestServer.start({ DATABASE_URL: counter.url, PROPOSAL_CLOSER_INTERVAL_MS: '0' });
    coop = await createCooperative(server);
    voter = await addMember(server, coop);
    await labour(server, coop, voter.id, '1');
  });
  afterAll(async () => {
    await server.close();
    await counter.stop();
  });

  it('casts a vote in 4 statements: BEGIN, one read, one write, COMMIT', async () => {
    const proposalId = await createProposal(server, coop);
    // The first vote also takes the electorate snapshot.
    await vote(server, voter, proposalId, 'YES');
    const n = await counter.during(() => vote(server, voter, proposalId, 'NO'));
    expect(counter.statements.slice(-n).map((s) => s.split(' ')[0])).toEqual(['BEGIN', 'SELECT', 'WITH', 'COMMIT']);
    expect(await counter.during(() => vote(server, voter, proposalId, 'ABSTAIN'))).toBe(4);
  });
});
