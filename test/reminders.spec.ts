import { TestServer } from './support/harness';
import { addMember, createCooperative, labour, TestCooperative, TestMember } from './support/factories';
import { createProposal, inSeconds, vote } from './support/governance';

/** Vote reminders: every non-voter of a proposal closing within the lead time gets one mail, once. */
describe('vote reminders', () => {
  const REMINDING = { REMINDER_INTERVAL_MS: '200', REMINDER_LEAD_HOURS: '24' };
  let server: TestServer;
  let second: TestServer;
  let coop: TestCooperative;
  let members: TestMember[];

  beforeAll(async () => {
    // Two instances sweeping the same database.
    server = await TestServer.start(REMINDING);
    second = await TestServer.start(REMINDING);
    coop = await createCooperative(server);
    members = await Promise.all([1, 2, 3].map(() => addMember(server, coop)));
    await Promise.all(members.map((m) => labour(server, coop, m.id, '1')));
  });
  afterAll(async () => {
    await second.close();
    await server.close();
  });

  const reminders = (title: string) =>
    server.query<{ recipient: string }>(`SELECT recipient FROM mail_outbox WHERE subject LIKE 'Vote before %' AND subject LIKE $1 ORDER BY recipient`, [`%${title}`]);

  it('mails each member who has not voted on a proposal closing within 24 hours, once, and no one about a later one', async () => {
    // It enters the 24-hour window a few seconds from now, after members[0] has voted (a vote racing its reminder may get both).
    const soon = await createProposal(server, coop, { title: 'Closing soon', closesAt: inSeconds(24 * 3600 + 4) });
    await createProposal(server, coop, { title: 'Closing later', closesAt: inSeconds(48 * 3600) });
    await vote(server, members[0], soon, 'YES');
    expect(await reminders('Closing soon')).toEqual([]);
    const deadline = Date.now() + 20_000;
    while ((await reminders('Closing soon')).length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    // Both instances keep sweeping: give them a few more rounds to send anything twice.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const sent = await reminders('Closing soon');
    expect(sent.map((r) => r.recipient)).toEqual([members[1].user.email, members[2].user.email].map((e) => e.toLowerCase()).sort());
    expect(await reminders('Closing later')).toEqual([]);
    expect(await server.query(`SELECT 1 FROM reminders_sent WHERE proposal_id = $1`, [soon])).toHaveLength(2);
  });
});
