import { ClientError, gql } from 'graphql-request';
import { expectCode, TestServer } from './support/harness';
import { addMember, createCooperative, founderUnit, labour, patronage, signUp, TestCooperative } from './support/factories';
import { CAST_VOTE, castV1Ballots, CLOSE_PROPOSAL, createProposal, inSeconds, PROPOSAL, ProposalResult, v1Electorate, V1Electorate, vote } from './support/governance';

const THIRD_TO_40 = '0.6666666666666666666666666666666666666667';

describe('proposals and class-weighted voting', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start({ PROPOSAL_CLOSER_INTERVAL_MS: '0' })));
  afterAll(() => server.close());

  describe('worked examples V1 and V2', () => {
    let coop: TestCooperative;
    let electorate: V1Electorate;
    let ordinary: string;
    let special: string;

    beforeAll(async () => {
      coop = await createCooperative(server);
      electorate = await v1Electorate(server, coop);
      ordinary = await createProposal(server, coop, { kind: 'ORDINARY' });
      special = await createProposal(server, coop, { kind: 'SPECIAL' });
      await castV1Ballots(server, electorate, ordinary);
      await castV1Ballots(server, electorate, special);
    });

    it('V1: weighted support is exactly 13/24 with the class supports 1, 1/4, 2/3, 1/4', async () => {
      const { proposal } = await server.request<ProposalResult>(PROPOSAL, { id: ordinary }, coop.admin.token);
      expect(proposal.tally.weightedSupportExact).toBe('13/24');
      expect(proposal.tally.weightedSupport).toBe('0.5416666666666666666666666666666666666667');
      expect(proposal.tally.classes.map(({ class: c, eligible, yes, no, abstain, block, support, weight }) => ({ c, eligible, yes, no, abstain, block, support, weight }))).toEqual([
        { c: 'FOUNDER', eligible: 2, yes: 2, no: 0, abstain: 0, block: 0, support: '1', weight: '0.25' },
        { c: 'FUNDER', eligible: 4, yes: 1, no: 3, abstain: 0, block: 0, support: '0.25', weight: '0.25' },
        { c: 'WORKER', eligible: 10, yes: 6, no: 3, abstain: 1, block: 0, support: THIRD_TO_40, weight: '0.25' },
        { c: 'USER', eligible: 20, yes: 5, no: 15, abstain: 0, block: 0, support: '0.25', weight: '0.25' },
      ]);
      expect(proposal.tally).toMatchObject({ voters: 36, eligible: 36, quorumMet: true, outcome: 'PASSED', final: false });
    });

    it('V1 as ORDINARY: PASSED when closed, with the tally that produced it stored', async () => {
      const { closeProposal } = await server.request<{ closeProposal: { status: string; outcome: string } }>(CLOSE_PROPOSAL, { id: ordinary }, coop.admin.token);
      expect(closeProposal).toMatchObject({ status: 'CLOSED', outcome: 'PASSED' });
      const { proposal } = await server.request<ProposalResult>(PROPOSAL, { id: ordinary }, coop.admin.token);
      expect(proposal.tally).toMatchObject({ weightedSupportExact: '13/24', outcome: 'PASSED', final: true });
      const [stored] = await server.query<{ outcome: string; support: string }>(`SELECT outcome, tally->>'weightedSupport' AS support FROM proposal_outcomes WHERE proposal_id = $1`, [ordinary]);
      expect(stored).toEqual({ outcome: 'PASSED', support: '13/24' });
    });

    it('V1 as SPECIAL: REJECTED (funders and users lack a majority, and S < 3/4)', async () => {
      const { closeProposal } = await server.request<{ closeProposal: { outcome: string } }>(CLOSE_PROPOSAL, { id: special }, coop.admin.token);
      expect(closeProposal.outcome).toBe('REJECTED');
    });

    it('V2: W1, also a user, counts in both classes: users 6 yes of 21, S = 185/336', async () => {
      const w1 = electorate.workers[0];
      await patronage(server, coop, w1.id, '5.00');
      const v2 = await createProposal(server, coop);
      await castV1Ballots(server, electorate, v2);
      const { proposal } = await server.request<ProposalResult>(PROPOSAL, { id: v2 }, coop.admin.token);
      expect(proposal.tally.weightedSupportExact).toBe('185/336');
      expect(proposal.tally.weightedSupport).toBe('0.5505952380952380952380952380952380952381');
      expect(proposal.tally.classes[3]).toMatchObject({ class: 'USER', eligible: 21, yes: 6, no: 15, support: '0.2857142857142857142857142857142857142857' });
      expect(proposal.tally).toMatchObject({ voters: 36, eligible: 36 });
    });

    it('keeps the V1 proposals on their frozen electorate after W1 joined the users', async () => {
      const { proposal } = await server.request<ProposalResult>(PROPOSAL, { id: ordinary }, coop.admin.token);
      expect(proposal.tally.classes[3]).toMatchObject({ eligible: 20, yes: 5 });
    });
  });

  it('freezes the vote weights with the electorate: a later bylaws amendment does not move an open vote', async () => {
    const coop = await createCooperative(server);
    const [founder, worker] = await Promise.all([addMember(server, coop), addMember(server, coop)]);
    await founderUnit(server, coop, founder.id);
    await labour(server, coop, worker.id, '1');
    const id = await createProposal(server, coop);
    await vote(server, founder, id, 'YES');
    await vote(server, worker, id, 'NO');
    await server.request(
      gql`mutation ($input: AmendBylawsInput!) { amendBylaws(input: $input) { version } }`,
      { input: { cooperativeId: coop.id, bylaws: { voteWeights: { founder: '0.1', funder: '0.2', worker: '0.3', user: '0.4' } } } },
      coop.admin.token,
    );
    const { proposal } = await server.request<ProposalResult>(PROPOSAL, { id }, coop.admin.token);
    expect(proposal.tally.classes.map((c) => c.weight)).toEqual(['0.25', '0.25', '0.25', '0.25']);
    expect(proposal.tally.weightedSupportExact).toBe('1/2');
    const later = await createProposal(server, coop);
    const { proposal: next } = await server.request<ProposalResult>(PROPOSAL, { id: later }, coop.admin.token);
    expect(next.tally.classes.map((c) => c.weight)).toEqual(['0.1', '0.2', '0.3', '0.4']);
  });

  describe('ballots', () => {
    let coop: TestCooperative;
    let workers: Awaited<ReturnType<typeof addMember>>[];
    beforeAll(async () => {
      coop = await createCooperative(server);
      workers = await Promise.all([1, 2, 3].map(() => addMember(server, coop)));
      await Promise.all(workers.map((w) => labour(server, coop, w.id, '1')));
    });

    it('replaces the current ballot on a re-vote and keeps the history', async () => {
      const id = await createProposal(server, coop);
      await vote(server, workers[0], id, 'YES');
      await vote(server, workers[0], id, 'NO');
      const { proposal } = await server.request<{ proposal: { myBallot: { choice: string }; myBallotHistory: { choice: string }[]; tally: { classes: { yes: number; no: number }[] } } }>(
        gql`
          query ($id: ID!) {
            proposal(id: $id) {
              myBallot {
                choice
              }
              myBallotHistory {
                choice
              }
              tally {
                classes {
                  yes
                  no
                }
              }
            }
          }
        `,
        { id },
        workers[0].user.token,
      );
      expect(proposal.myBallot.choice).toBe('NO');
      expect(proposal.myBallotHistory.map((b) => b.choice)).toEqual(['YES', 'NO']);
      expect(proposal.tally.classes.find((c) => c.yes + c.no > 0)).toEqual({ yes: 0, no: 1 });
    });

    it('keeps exactly one current ballot and a consistent history under 100 parallel votes by one member', async () => {
      const id = await createProposal(server, coop);
      const choices = Array.from({ length: 100 }, (_, i) => ['YES', 'NO', 'ABSTAIN'][i % 3]);
      await Promise.all(choices.map((choice) => vote(server, workers[1], id, choice)));
      const current = await server.query<{ choice: string; castAt: Date }>(`SELECT choice, cast_at AS "castAt" FROM ballots WHERE proposal_id = $1`, [id]);
      const history = await server.query<{ choice: string; castAt: Date }>(`SELECT choice, cast_at AS "castAt" FROM ballot_history WHERE proposal_id = $1 ORDER BY seq`, [id]);
      expect(current).toHaveLength(1);
      expect(history).toHaveLength(100);
      expect(history.map((h) => h.choice).sort()).toEqual([...choices].sort());
      expect(current[0]).toEqual(history[history.length - 1]);
    });

    it('requires a reason for BLOCK, allows BLOCK only under CONSENT, and a BLOCK blocks', async () => {
      const yesNo = await createProposal(server, coop);
      await expectCode(vote(server, workers[0], yesNo, 'BLOCK', 'no way'), 'BAD_USER_INPUT');
      const consent = await createProposal(server, coop, { method: 'CONSENT' });
      const before = await server.counts(['ballots', 'ballot_history']);
      const error = await expectCode(vote(server, workers[0], consent, 'BLOCK'), 'BAD_USER_INPUT');
      expect(error.extensions?.fields?.[0].field).toBe('reason');
      expect(await server.counts(['ballots', 'ballot_history'])).toEqual(before);
      await vote(server, workers[0], consent, 'BLOCK', 'It breaks our safety rules');
      await vote(server, workers[1], consent, 'YES');
      await vote(server, workers[2], consent, 'YES');
      const { closeProposal } = await server.request<{ closeProposal: { outcome: string } }>(CLOSE_PROPOSAL, { id: consent }, coop.admin.token);
      expect(closeProposal.outcome).toBe('BLOCKED');
    });

    it('refuses ballots before opening and after closing', async () => {
      const later = await createProposal(server, coop, { opensAt: inSeconds(600), closesAt: inSeconds(1200) });
      expect((await expectCode(vote(server, workers[0], later, 'YES'), 'CONFLICT')).message).toMatch(/not opened/);
      const closed = await createProposal(server, coop);
      await server.request(CLOSE_PROPOSAL, { id: closed }, coop.admin.token);
      expect((await expectCode(vote(server, workers[0], closed, 'YES'), 'CONFLICT')).message).toMatch(/closed/);
    });

    it('stores anonymous ballots apart from the voter and refuses a change', async () => {
      const id = await createProposal(server, coop, { anonymous: true });
      await vote(server, workers[0], id, 'YES');
      await expectCode(vote(server, workers[0], id, 'NO'), 'CONFLICT');
      const ballots = await server.query<{ memberId: string | null; choice: string }>(`SELECT member_id AS "memberId", choice FROM ballots WHERE proposal_id = $1`, [id]);
      expect(ballots).toEqual([{ memberId: null, choice: 'YES' }]);
      const { proposal } = await server.request<{ proposal: { myBallot: null; hasVoted: boolean } }>(
        gql`
          query ($id: ID!) {
            proposal(id: $id) {
              myBallot {
                id
              }
              hasVoted
            }
          }
        `,
        { id },
        workers[0].user.token,
      );
      expect(proposal).toEqual({ myBallot: null, hasVoted: true });
    });

    it('takes exactly one anonymous ballot from a member who sends 20 at once', async () => {
      const id = await createProposal(server, coop, { anonymous: true });
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => vote(server, workers[2], id, i % 2 ? 'YES' : 'NO')));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const refused of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
        expect((refused.reason as ClientError).response.errors?.[0].extensions?.code).toBe('CONFLICT');
      }
      expect(await server.query(`SELECT 1 FROM ballots WHERE proposal_id = $1`, [id])).toHaveLength(1);
      expect(await server.query(`SELECT 1 FROM proposal_electorate WHERE proposal_id = $1 AND voted_at IS NOT NULL`, [id])).toHaveLength(1);
    });

    it('counts every accepted ballot in the stored outcome when votes race the close', async () => {
      const id = await createProposal(server, coop);
      const votes = workers.map((w) => vote(server, w, id, 'YES').then(() => true, () => false));
      const closing = server.request<{ closeProposal: { tally: { classes: { yes: number }[] } } }>(
        gql`
          mutation ($id: ID!) {
            closeProposal(id: $id) {
              tally {
                classes {
                  yes
                }
              }
            }
          }
        `,
        { id },
        coop.admin.token,
      );
      const [accepted, closed] = await Promise.all([Promise.all(votes), closing]);
      const counted = closed.closeProposal.tally.classes.reduce((sum, c) => sum + c.yes, 0);
      expect(counted).toBe(accepted.filter(Boolean).length);
      expect(await server.query(`SELECT 1 FROM ballots WHERE proposal_id = $1`, [id])).toHaveLength(counted);
    });
  });

  describe('results visibility', () => {
    const TALLY = gql`
      query ($id: ID!) {
        proposal(id: $id) {
          tally {
            voters
          }
        }
      }
    `;
    const BALLOTS = gql`
      query ($id: ID!) {
        proposal(id: $id) {
          ballots(first: 10) {
            totalCount
            edges {
              node {
                choice
                member {
                  id
                }
              }
            }
          }
        }
      }
    `;

    it('AFTER_VOTE hides the tally and the ballots until the viewer votes', async () => {
      const coop = await createCooperative(server);
      const [a, b] = await Promise.all([addMember(server, coop), addMember(server, coop)]);
      await Promise.all([labour(server, coop, a.id, '1'), labour(server, coop, b.id, '1')]);
      const id = await createProposal(server, coop, { resultsVisibility: 'AFTER_VOTE' });
      await vote(server, a, id, 'YES');
      await expectCode(server.request(TALLY, { id }, b.user.token), 'FORBIDDEN');
      await expectCode(server.request(BALLOTS, { id }, b.user.token), 'FORBIDDEN');
      expect(await server.request(TALLY, { id }, a.user.token)).toEqual({ proposal: { tally: { voters: 1 } } });
      const { proposal } = await server.request<{ proposal: { ballots: { totalCount: number; edges: { node: { choice: string; member: { id: string } } }[] } } }>(BALLOTS, { id }, a.user.token);
      expect(proposal.ballots).toEqual({ totalCount: 1, edges: [{ node: { choice: 'YES', member: { id: a.id } } }] });
    });

    it('AFTER_CLOSE hides the tally from everyone, voters and coordinators too, until it closes', async () => {
      const coop = await createCooperative(server);
      const a = await addMember(server, coop);
      await labour(server, coop, a.id, '1');
      const id = await createProposal(server, coop, { resultsVisibility: 'AFTER_CLOSE' });
      await vote(server, a, id, 'YES');
      await expectCode(server.request(TALLY, { id }, a.user.token), 'FORBIDDEN');
      await expectCode(server.request(TALLY, { id }, coop.admin.token), 'FORBIDDEN');
      await server.request(CLOSE_PROPOSAL, { id }, coop.admin.token);
      expect(await server.request(TALLY, { id }, a.user.token)).toEqual({ proposal: { tally: { voters: 1 } } });
    });
  });

  describe('access', () => {
    it('refuses a member outside the electorate, a member of another cooperative, and an anonymous caller', async () => {
      const coop = await createCooperative(server);
      const [worker, user] = await Promise.all([addMember(server, coop), addMember(server, coop)]);
      await labour(server, coop, worker.id, '1');
      await patronage(server, coop, user.id, '1.00');
      const id = await createProposal(server, coop, { classes: ['WORKER'] });
      const other = await createCooperative(server);
      const outsider = await addMember(server, other);
      const before = await server.counts(['ballots', 'ballot_history']);
      await expectCode(vote(server, user, id, 'YES'), 'FORBIDDEN');
      await expectCode(vote(server, outsider, id, 'YES'), 'FORBIDDEN');
      await expectCode(server.request(CAST_VOTE, { input: { proposalId: id, choice: 'YES' } }), 'UNAUTHENTICATED');
      await expectCode(server.request(PROPOSAL, { id }, outsider.user.token), 'FORBIDDEN');
      expect(await server.counts(['ballots', 'ballot_history'])).toEqual(before);
    });

    it('lets only coordinators create proposals unless the bylaws allow members', async () => {
      const coop = await createCooperative(server);
      const member = await addMember(server, coop);
      const input = { cooperativeId: coop.id, title: 'T', body: 'B', kind: 'ORDINARY', method: 'YES_NO', closesAt: inSeconds(60) };
      const { CREATE_PROPOSAL } = await import('./support/governance');
      await expectCode(server.request(CREATE_PROPOSAL, { input }, member.user.token), 'FORBIDDEN');
      const open = await createCooperative(server, undefined, { bylaws: { membersMayPropose: true } });
      const proposer = await addMember(server, open);
      await server.request(CREATE_PROPOSAL, { input: { ...input, cooperativeId: open.id } }, proposer.user.token);
    });

    it('refuses bad proposals: closing in the past, an unsupported method, an amendment on an ORDINARY', async () => {
      const coop = await createCooperative(server);
      const before = await server.counts(['proposals']);
      await expectCode(createProposal(server, coop, { closesAt: inSeconds(-60) }), 'BAD_USER_INPUT');
      await expectCode(createProposal(server, coop, { method: 'QUADRATIC' }), 'BAD_USER_INPUT');
      await expectCode(createProposal(server, coop, { kind: 'ORDINARY', bylawsAmendment: { graceDays: 10 } }), 'BAD_USER_INPUT');
      await expectCode(createProposal(server, coop, { kind: 'SPECIAL', bylawsAmendment: { reservePercent: '99' } }), 'BAD_USER_INPUT');
      expect(await server.counts(['proposals'])).toEqual(before);
    });
  });

  describe('closing', () => {
    it('reads a proposal past closesAt as closed, with its outcome, before any closer ran', async () => {
      const coop = await createCooperative(server);
      const worker = await addMember(server, coop);
      await labour(server, coop, worker.id, '1');
      const id = await createProposal(server, coop, { closesAt: inSeconds(2.5) });
      await vote(server, worker, id, 'YES');
      await new Promise((resolve) => setTimeout(resolve, 2700));
      const { proposal } = await server.request<ProposalResult>(PROPOSAL, { id }, worker.user.token);
      expect(proposal).toMatchObject({ status: 'CLOSED', outcome: 'PASSED' });
      await expectCode(vote(server, worker, id, 'NO'), 'CONFLICT');
    });

    it('extends an open proposal and refuses to extend a closed one', async () => {
      const coop = await createCooperative(server);
      const id = await createProposal(server, coop, { closesAt: inSeconds(600) });
      const EXTEND = gql`
        mutation ($id: ID!, $closesAt: DateTime!) {
          extendProposal(id: $id, closesAt: $closesAt) {
            closesAt
          }
        }
      `;
      const later = inSeconds(1200);
      expect(await server.request(EXTEND, { id, closesAt: later }, coop.admin.token)).toEqual({ extendProposal: { closesAt: later } });
      await expectCode(server.request(EXTEND, { id, closesAt: inSeconds(60) }, coop.admin.token), 'BAD_USER_INPUT');
      await server.request(CLOSE_PROPOSAL, { id }, coop.admin.token);
      await expectCode(server.request(EXTEND, { id, closesAt: inSeconds(2400) }, coop.admin.token), 'CONFLICT');
    });

    it('freezes the electorate of a scheduled proposal when it opens, in the background', async () => {
      const closer = await TestServer.start({ PROPOSAL_CLOSER_INTERVAL_MS: '100' });
      try {
        const coop = await createCooperative(server);
        const worker = await addMember(server, coop);
        await labour(server, coop, worker.id, '1');
        const id = await createProposal(server, coop, { opensAt: inSeconds(1), closesAt: inSeconds(600) });
        const snapshot = async () => (await server.query<{ taken: boolean }>(`SELECT snapshot_taken_at IS NOT NULL AS taken FROM proposals WHERE id = $1`, [id]))[0].taken;
        expect(await snapshot()).toBe(false);
        for (let waited = 0; waited < 8000 && !(await snapshot()); waited += 250) await new Promise((resolve) => setTimeout(resolve, 250));
        expect(await snapshot()).toBe(true);
        // Someone joining the workers afterwards is not in this proposal's electorate.
        const late = await addMember(server, coop);
        await labour(server, coop, late.id, '1');
        await expectCode(vote(server, late, id, 'YES'), 'FORBIDDEN');
        await vote(server, worker, id, 'YES');
      } finally {
        await closer.close();
      }
    });

    it('stores one outcome when two server instances close the same proposal at once', async () => {
      const second = await TestServer.start({ PROPOSAL_CLOSER_INTERVAL_MS: '0' });
      try {
        const coop = await createCooperative(server);
        const worker = await addMember(server, coop);
        await labour(server, coop, worker.id, '1');
        const ids = await Promise.all([1, 2, 3, 4, 5].map(() => createProposal(server, coop)));
        await Promise.all(ids.map((id) => vote(server, worker, id, 'YES')));
        const attempts = ids.flatMap((id) => [server, second, server, second].map((s) => s.request(CLOSE_PROPOSAL, { id }, coop.admin.token).then(() => 'closed', (e: Error) => e)));
        const results = await Promise.all(attempts);
        const closed = results.filter((r) => r === 'closed').length;
        const conflicts = results.filter((r) => r instanceof Error && /already closed/.test(r.message)).length;
        expect({ closed, conflicts }).toEqual({ closed: 5, conflicts: 15 });
        const [{ n }] = await server.query<{ n: number }>(`SELECT count(*)::int AS n FROM proposal_outcomes WHERE proposal_id = ANY($1)`, [ids]);
        expect(n).toBe(5);
      } finally {
        await second.close();
      }
    });

    it('closes due proposals in the background exactly once with two instances running the closer', async () => {
      const closers = await Promise.all([TestServer.start({ PROPOSAL_CLOSER_INTERVAL_MS: '100' }), TestServer.start({ PROPOSAL_CLOSER_INTERVAL_MS: '100' })]);
      try {
        const coop = await createCooperative(server);
        const worker = await addMember(server, coop);
        await labour(server, coop, worker.id, '1');
        const ids = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createProposal(server, coop, { closesAt: inSeconds(3) })));
        await Promise.all(ids.map((id) => vote(server, worker, id, 'NO')));
        // Closed by the instances' closers (every 100 ms) once due; give a loaded CI machine some slack.
        for (let waited = 0; waited < 8000; waited += 250) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          const [{ n }] = await server.query<{ n: number }>(`SELECT count(*)::int AS n FROM proposal_outcomes WHERE proposal_id = ANY($1)`, [ids]);
          if (n === 6) break;
        }
        const rows = await server.query<{ outcome: string; closedBy: string }>(`SELECT outcome, closed_by AS "closedBy" FROM proposal_outcomes WHERE proposal_id = ANY($1)`, [ids]);
        expect(rows).toHaveLength(6);
        expect(rows.every((r) => r.outcome === 'REJECTED' && r.closedBy === 'CLOSER')).toBe(true);
      } finally {
        await Promise.all(closers.map((c) => c.close()));
      }
    });
  });

  describe('decisions that act: bylaws amended by a passed SPECIAL proposal', () => {
    const BYLAWS = gql`
      query ($slug: String!) {
        cooperative(slug: $slug) {
          foundingOpen
          bylaws {
            id
            version
            graceDays
            enactedByProposalId
          }
        }
      }
    `;

    it('enacts the amendment at close, records the proposal, and is the only way once founding is closed', async () => {
      const coop = await createCooperative(server);
      const [founder, worker] = await Promise.all([addMember(server, coop), addMember(server, coop)]);
      await founderUnit(server, coop, founder.id);
      await labour(server, coop, worker.id, '1');
      await server.request(gql`mutation ($id: ID!) { closeFounding(cooperativeId: $id) { id } }`, { id: coop.id }, coop.admin.token);
      await expectCode(
        server.request(gql`mutation ($input: AmendBylawsInput!) { amendBylaws(input: $input) { id } }`, { input: { cooperativeId: coop.id, bylaws: { graceDays: 14 } } }, coop.admin.token),
        'CONFLICT',
      );

      const rejected = await createProposal(server, coop, { kind: 'SPECIAL', bylawsAmendment: { graceDays: 7 } });
      await vote(server, founder, rejected, 'YES');
      await vote(server, worker, rejected, 'NO');
      await server.request(CLOSE_PROPOSAL, { id: rejected }, coop.admin.token);

      const passed = await createProposal(server, coop, { kind: 'SPECIAL', bylawsAmendment: { graceDays: 14 } });
      await vote(server, founder, passed, 'YES');
      await vote(server, worker, passed, 'YES');
      const { closeProposal } = await server.request<{ closeProposal: { outcome: string } }>(CLOSE_PROPOSAL, { id: passed }, coop.admin.token);
      expect(closeProposal.outcome).toBe('PASSED');

      const { cooperative } = await server.request<{ cooperative: { bylaws: { id: string; version: number; graceDays: number; enactedByProposalId: string } } }>(BYLAWS, { slug: coop.slug }, coop.admin.token);
      expect(cooperative.bylaws).toMatchObject({ version: 2, graceDays: 14, enactedByProposalId: passed });
      const { proposal } = await server.request<ProposalResult>(PROPOSAL, { id: passed }, coop.admin.token);
      expect(proposal.enactedBylawsId).toBe(cooperative.bylaws.id);
    });
  });

  it('lists a cooperative\'s proposals by status, with cursors', async () => {
    const coop = await createCooperative(server);
    const draft = await createProposal(server, coop, { opensAt: inSeconds(600), closesAt: inSeconds(1200) });
    const open = [await createProposal(server, coop), await createProposal(server, coop)];
    const closed = await createProposal(server, coop);
    await server.request(CLOSE_PROPOSAL, { id: closed }, coop.admin.token);
    const LIST = gql`
      query ($slug: String!, $status: ProposalStatus, $first: Int, $after: String) {
        cooperative(slug: $slug) {
          proposals(status: $status, first: $first, after: $after) {
            totalCount
            pageInfo {
              hasNextPage
              endCursor
            }
            edges {
              node {
                id
                status
              }
            }
          }
        }
      }
    `;
    type List = { cooperative: { proposals: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string; status: string } }[] } } };
    const ids = async (status?: string) => (await server.request<List>(LIST, { slug: coop.slug, status }, coop.admin.token)).cooperative.proposals.edges.map((e) => e.node.id);
    expect(await ids('DRAFT')).toEqual([draft]);
    expect(await ids('OPEN')).toEqual(open);
    expect(await ids('CLOSED')).toEqual([closed]);
    const page = await server.request<List>(LIST, { slug: coop.slug, first: 3 }, coop.admin.token);
    expect(page.cooperative.proposals).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    const rest = await server.request<List>(LIST, { slug: coop.slug, first: 3, after: page.cooperative.proposals.pageInfo.endCursor }, coop.admin.token);
    expect(rest.cooperative.proposals.edges.map((e) => e.node.id)).toEqual([closed]);
  });

  it('is refused to a stranger and an anonymous caller when reading a proposal', async () => {
    const coop = await createCooperative(server);
    const id = await createProposal(server, coop);
    await expectCode(server.request(PROPOSAL, { id }, (await signUp(server)).token), 'FORBIDDEN');
    await expectCode(server.request(PROPOSAL, { id }), 'UNAUTHENTICATED');
  });
});
