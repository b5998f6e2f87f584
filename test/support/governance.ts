import { gql } from 'graphql-request';
import { TestServer } from './harness';
import { addMember, capital, founderUnit, labour, patronage, TestCooperative, TestMember } from './factories';

export const CREATE_PROPOSAL = gql`
  mutation CreateProposal($input: CreateProposalInput!) {
    createProposal(input: $input) {
      id
      status
      kind
      method
      classes
    }
  }
`;
export const CAST_VOTE = gql`
  mutation CastVote($input: CastVoteInput!) {
    castVote(input: $input) {
      id
      choice
      reason
      castAt
    }
  }
`;
export const CLOSE_PROPOSAL = gql`
  mutation CloseProposal($id: ID!) {
    closeProposal(id: $id) {
      id
      status
      outcome
    }
  }
`;
export const PROPOSAL = gql`
  query Proposal($id: ID!) {
    proposal(id: $id) {
      id
      status
      outcome
      enactedBylawsId
      tally {
        weightedSupport
        weightedSupportExact
        quorumMet
        voters
        eligible
        outcome
        final
        classes {
          class
          weight
          eligible
          yes
          no
          abstain
          block
          support
          turnout
        }
      }
    }
  }
`;

export interface TallyResult {
  weightedSupport: string | null;
  weightedSupportExact: string | null;
  quorumMet: boolean;
  voters: number;
  eligible: number;
  outcome: string | null;
  final: boolean;
  classes: { class: string; weight: string; eligible: number; yes: number; no: number; abstain: number; block: number; support: string | null; turnout: string }[];
}
export interface ProposalResult {
  proposal: { id: string; status: string; outcome: string | null; enactedBylawsId: string | null; tally: TallyResult };
}

export const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

export async function createProposal(server: TestServer, coop: TestCooperative, input: Record<string, unknown> = {}): Promise<string> {
  const { createProposal } = await server.request<{ createProposal: { id: string } }>(
    CREATE_PROPOSAL,
    { input: { cooperativeId: coop.id, title: 'Buy an oven', body: 'We need a bigger oven.', kind: 'ORDINARY', method: 'YES_NO', closesAt: inSeconds(3600), ...input } },
    coop.admin.token,
  );
  return createProposal.id;
}

export const vote = (server: TestServer, member: TestMember, proposalId: string, choice: string, reason?: string) =>
  server.request(CAST_VOTE, { input: { proposalId, choice, reason } }, member.user.token);

export interface V1Electorate {
  founders: TestMember[];
  funders: TestMember[];
  workers: TestMember[];
  users: TestMember[];
}

/** DOMAIN.md V1: founders F1–F2, funders I1–I4, workers W1–W10, users U1–U20, nobody in two classes. */
export async function v1Electorate(server: TestServer, coop: TestCooperative): Promise<V1Electorate> {
  const many = (n: number, prefix: string) => Promise.all(Array.from({ length: n }, (_, i) => addMember(server, coop, `${prefix}${i + 1}-${coop.slug}`)));
  const [founders, funders, workers, users] = [await many(2, 'f'), await many(4, 'i'), await many(10, 'w'), await many(20, 'u')];
  await Promise.all([
    ...founders.map((m) => founderUnit(server, coop, m.id)),
    ...funders.map((m) => capital(server, coop, m.id, '100.00')),
    ...workers.map((m) => labour(server, coop, m.id, '8')),
    ...users.map((m) => patronage(server, coop, m.id, '20.00')),
  ]);
  return { founders, funders, workers, users };
}

/** The V1 ballots: founders 2 yes; funders 1 yes 3 no; workers 6 yes 3 no 1 abstain; users 5 yes 15 no. */
export async function castV1Ballots(server: TestServer, e: V1Electorate, proposalId: string): Promise<void> {
  const plan: [TestMember[], number, number, number][] = [
    [e.founders, 2, 0, 0],
    [e.funders, 1, 3, 0],
    [e.workers, 6, 3, 1],
    [e.users, 5, 15, 0],
  ];
  await Promise.all(
    plan.flatMap(([members, yes, no]) => members.map((m, i) => vote(server, m, proposalId, i < yes ? 'YES' : i < yes + no ? 'NO' : 'ABSTAIN'))),
  );
}
