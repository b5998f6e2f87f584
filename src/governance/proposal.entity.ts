import { Field, ID, ObjectType } from '@nestjs/graphql';
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

@ObjectType({ description: "A voter's current ballot. In anonymous proposals ballots carry no voter." })
export class Ballot {
  @Field(() => ID)
  id: string;

  @Field(() => Choice, { nullable: true })
  choice: Choice | null;

  @Field(() => [ID], { nullable: true })
  optionIds: string[] | null;

  @Field(() => [ID], { nullable: true })
  ranking: string[] | null;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field()
  castAt: Date;

  /** Null for anonymous proposals. */
  memberId: string | null;
}

@ObjectType({ description: 'An earlier ballot that a later one replaced.' })
export class BallotRevision {
  @Field(() => Choice, { nullable: true })
  choice: Choice | null;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field()
  castAt: Date;
}
