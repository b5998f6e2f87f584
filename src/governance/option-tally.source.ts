import { Fraction } from 'src/common/money/fraction';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { Bylaws } from 'src/cooperatives/bylaws.entity';
import { classesOf } from './class-mask';
import { EFFECTIVE_BALLOTS } from './effective-ballots.sql';
import { ProposalOutcome } from './governance.enums';
import { Proposal, ProposalOption } from './proposal.entity';
import { OptionClassInput, OptionMethod, RankingGroup, tallyOptions } from './tally/options';
import { StoredTally } from './tally-view';

type Query = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** Option ballots of some proposals, aggregated in SQL by voter class mask: a million ballots never leave the database. */
export interface OptionGroups {
  counts: { proposalId: string; mask: number; counted: number; abstain: number }[];
  /** Per option position: choices or approvals (positions), or sums of scores, dots or votes (amounts). */
  totals: { proposalId: string; mask: number; position: number; total: number }[];
  /** Ranked methods: identical rankings counted together. */
  rankings: { proposalId: string; mask: number; ranking: number[]; n: number }[];
}

export async function optionGroups(query: Query, ids: readonly string[]): Promise<OptionGroups> {
  const [counts, totals, rankings] = await Promise.all([
    query<OptionGroups['counts'][number]>(
      `SELECT proposal_id AS "proposalId", class_mask AS mask, count(*) FILTER (WHERE choice IS NULL)::int AS counted, count(*) FILTER (WHERE choice = 'ABSTAIN')::int AS abstain
         FROM (${EFFECTIVE_BALLOTS}) b GROUP BY 1, 2`,
      [ids],
    ),
    query<OptionGroups['totals'][number]>(
      `SELECT b.proposal_id AS "proposalId", b.class_mask AS mask, x.position::int AS position, sum(x.value)::int AS total
         FROM (${EFFECTIVE_BALLOTS}) b
         JOIN proposals p ON p.id = b.proposal_id AND p.method IN ('SINGLE_CHOICE', 'APPROVAL', 'SCORE', 'DOT_VOTE', 'QUADRATIC')
         CROSS JOIN LATERAL (
           SELECT pos AS position, 1 AS value FROM unnest(b.positions) pos
           UNION ALL SELECT ord - 1, a FROM unnest(b.amounts) WITH ORDINALITY t(a, ord)
         ) x
        WHERE b.choice IS NULL
        GROUP BY 1, 2, 3`,
      [ids],
    ),
    query<OptionGroups['rankings'][number]>(
      `SELECT b.proposal_id AS "proposalId", b.class_mask AS mask, b.positions AS ranking, count(*)::int AS n
         FROM (${EFFECTIVE_BALLOTS}) b JOIN proposals p ON p.id = b.proposal_id AND p.method IN ('RANKED_CHOICE', 'CONDORCET')
        WHERE b.choice IS NULL
        GROUP BY 1, 2, 3`,
      [ids],
    ),
  ]);
  return { counts, totals, rankings };
}

/** Only the groups of one proposal. */
export function groupsOf(groups: OptionGroups, proposalId: string): OptionGroups {
  return {
    counts: groups.counts.filter((g) => g.proposalId === proposalId),
    totals: groups.totals.filter((g) => g.proposalId === proposalId),
    rankings: groups.rankings.filter((g) => g.proposalId === proposalId),
  };
}

/**
 * The class-weighted option tally of a proposal, as stored and shown: each voter's ballot counts fully
 * in every class of the electorate the voter belonged to at the snapshot.
 */
export function optionTallyOf(proposal: Proposal, options: ProposalOption[], groups: OptionGroups, bylaws: Bylaws | null): { outcome: ProposalOutcome; stored: StoredTally } {
  const eligible = proposal.eligibleCounts ?? { classes: {}, distinct: 0 };
  const weightOf = (c: StakeholderClass) => Fraction.fromDecimal(eligible.weights?.[c] ?? bylaws!.voteWeight(c));
  const classes = new Map<StakeholderClass, OptionClassInput & { totals: number[]; rankings: RankingGroup[] }>(
    proposal.classes.map((c) => [c, { class: c, weight: weightOf(c), eligible: eligible.classes[c] ?? 0, ballots: 0, abstain: 0, totals: new Array<number>(options.length).fill(0), rankings: [] }]),
  );
  const inElectorate = (mask: number) => classesOf(mask).flatMap((c) => classes.get(c) ?? []);
  let voters = 0;
  for (const g of groups.counts) {
    voters += g.counted + g.abstain;
    for (const c of inElectorate(g.mask)) {
      c.ballots += g.counted;
      c.abstain += g.abstain;
    }
  }
  for (const g of groups.totals) for (const c of inElectorate(g.mask)) c.totals[g.position] += g.total;
  for (const g of groups.rankings) for (const c of inElectorate(g.mask)) c.rankings.push({ ranking: g.ranking, n: g.n });

  const result = tallyOptions({
    method: proposal.method as OptionMethod,
    optionCount: options.length,
    maxScore: proposal.maxScore ?? 5,
    quorumPerClass: Fraction.fromDecimal(eligible.quorumPerClass ?? bylaws!.quorumPerClass),
    quorumOverall: Fraction.fromDecimal(eligible.quorumOverall ?? bylaws!.quorumOverall),
    classes: [...classes.values()],
    distinctEligible: eligible.distinct,
    distinctVoters: voters,
  });
  const id = (position: number) => options[position].id;
  const stored: StoredTally = {
    weightedSupport: null,
    quorumMet: result.quorumMet,
    overallTurnout: result.overallTurnout.toString(),
    distinctVoters: voters,
    distinctEligible: eligible.distinct,
    classes: result.classes.map((c) => ({ class: c.class as StakeholderClass, weight: c.weight.toString(), eligible: c.eligible, yes: 0, no: 0, abstain: c.abstain, block: 0, support: null, turnout: c.turnout.toString() })),
    winnerId: result.winner === null ? null : id(result.winner),
    options: result.options.map((o) => ({
      id: id(o.position),
      label: options[o.position].label,
      position: o.position,
      share: o.share.toString(),
      copelandScore: o.copelandScore?.toString() ?? null,
      classes: o.classes.map((c) => ({ class: c.class as StakeholderClass, share: c.share?.toString() ?? null, ballots: c.ballots })),
    })),
    rounds:
      result.rounds?.map((r) => ({
        round: r.round,
        shares: r.shares.map((s) => ({ optionId: id(s.position), share: s.share.toString() })),
        eliminatedId: r.eliminated === null ? null : id(r.eliminated),
        tieBrokenByOrder: r.tieBrokenByOrder,
      })) ?? null,
    pairwise: result.pairwise?.map((p) => ({ aId: id(p.a), bId: id(p.b), margin: p.margin.toString() })) ?? null,
  };
  return { outcome: result.outcome as ProposalOutcome, stored };
}
