import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Generated, PrimaryGeneratedColumn } from 'typeorm';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { Choice, ProposalKind, ResultsVisibility, VotingMethod } from './governance.enums';

/** Frozen at the snapshot: eligible counts per class and in all, and the vote rules then in force. */
export interface EligibleCounts {
  classes: Partial<Record<StakeholderClass, number>>;
  distinct: number;
  /** Vote weights and quorums as decimal text, so a later bylaws change does not move an open vote. */
  weights?: Record<StakeholderClass, string>;
  quorumPerClass?: string;
  quorumOverall?: string;
}

@ObjectType()
@Entity('proposals')
export class Proposal {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Generated('increment')
  @Column({ type: 'bigint' })
  seq: string;

  @Field(() => ID)
  @Column({ name: 'cooperative_id', type: 'uuid' })
  cooperativeId: string;

  @Field()
  @Column()
  title: string;

  @Field()
  @Column()
  body: string;

  @Field(() => ProposalKind)
  @Column({ type: 'text' })
  kind: ProposalKind;

  @Field(() => VotingMethod)
  @Column({ type: 'text' })
  method: VotingMethod;

  @Field(() => [StakeholderClass], { description: 'The classes of the electorate.' })
  @Column({ type: 'text', array: true })
  classes: StakeholderClass[];

  @Field()
  @Column({ name: 'opens_at', type: 'timestamptz' })
  opensAt: Date;

  @Field()
  @Column({ name: 'closes_at', type: 'timestamptz' })
  closesAt: Date;

  @Field(() => ResultsVisibility)
  @Column({ name: 'results_visibility', type: 'text' })
  resultsVisibility: ResultsVisibility;

  @Field()
  @Column()
  anonymous: boolean;

  @Field(() => Int, { nullable: true, description: 'APPROVAL: fewest options a ballot approves.' })
  @Column({ name: 'min_choices', type: 'smallint', nullable: true })
  minChoices: number | null;

  @Field(() => Int, { nullable: true, description: 'APPROVAL: most options a ballot approves.' })
  @Column({ name: 'max_choices', type: 'smallint', nullable: true })
  maxChoices: number | null;

  @Field(() => Int, { nullable: true, description: 'SCORE: the top score.' })
  @Column({ name: 'max_score', type: 'smallint', nullable: true })
  maxScore: number | null;

  @Field(() => Int, { nullable: true, description: 'DOT_VOTE: dots per ballot.' })
  @Column({ type: 'smallint', nullable: true })
  dots: number | null;

  @Field(() => Int, { nullable: true, description: 'QUADRATIC: credits per ballot (n votes on an option cost n²).' })
  @Column({ type: 'integer', nullable: true })
  credits: number | null;

  /** Bylaws terms (as decimal strings) that a passed SPECIAL proposal enacts. */
  @Column({ name: 'bylaws_amendment', type: 'jsonb', nullable: true })
  bylawsAmendment: Record<string, unknown> | null;

  @Column({ name: 'created_by_member_id', type: 'uuid' })
  createdByMemberId: string;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'snapshot_taken_at', type: 'timestamptz', nullable: true })
  snapshotTakenAt: Date | null;

  @Column({ name: 'eligible_counts', type: 'jsonb', nullable: true })
  eligibleCounts: EligibleCounts | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}

/** What a stored ballot says, as rows carry it: option positions or per-option amounts (option methods). */
interface StoredBallot {
  proposalId: string;
  choice: Choice | null;
  reason: string | null;
  castAt: Date;
  positions: number[] | null;
  amounts: number[] | null;
}

@ObjectType({ description: "A voter's current ballot. In anonymous proposals ballots carry no voter. Option fields are resolved against the proposal's options." })
export class Ballot implements StoredBallot {
  @Field(() => ID)
  id: string;

  proposalId: string;

  @Field(() => Choice, { nullable: true, description: 'YES_NO and CONSENT; ABSTAIN under any method; null for an option ballot.' })
  choice: Choice | null;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field()
  castAt: Date;

  positions: number[] | null;
  amounts: number[] | null;

  /** Null for anonymous proposals. */
  memberId: string | null;
}

@ObjectType({ description: 'An earlier ballot that a later one replaced.' })
export class BallotRevision implements StoredBallot {
  proposalId: string;

  @Field(() => Choice, { nullable: true })
  choice: Choice | null;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field()
  castAt: Date;

  positions: number[] | null;
  amounts: number[] | null;
}

@ObjectType({ description: 'A SCORE ballot\'s score for one option.' })
export class OptionScore {
  @Field(() => ID)
  optionId: string;

  @Field(() => Int)
  score: number;
}

@ObjectType({ description: 'Dots (DOT_VOTE) or votes (QUADRATIC) a ballot gives one option.' })
export class OptionAmount {
  @Field(() => ID)
  optionId: string;

  @Field(() => Int)
  amount: number;
}

@ObjectType({ description: 'One option of an option-method proposal, in listing order (position 0 first).' })
export class ProposalOption {
  @Field(() => ID)
  id: string;

  @Field()
  label: string;

  @Field(() => Int)
  position: number;
}
