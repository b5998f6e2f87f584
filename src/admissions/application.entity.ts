import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { StakeholderClass } from 'src/common/stakeholder-class';

export enum ApplicationStatus {
  PENDING = 'PENDING',
  ADMITTED = 'ADMITTED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ApplicationStatus, { name: 'ApplicationStatus' });

export enum ApplicationDecision {
  ADMIT = 'ADMIT',
  REJECT = 'REJECT',
}
registerEnumType(ApplicationDecision, { name: 'ApplicationDecision' });

@ObjectType()
@Entity('membership_applications')
export class MembershipApplication {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ name: 'cooperative_id', type: 'uuid' })
  cooperativeId: string;

  @Field(() => ID)
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Field(() => StakeholderClass)
  @Column({ name: 'stakeholder_class', type: 'text' })
  stakeholderClass: StakeholderClass;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  statement: string | null;

  @Field(() => ApplicationStatus)
  @Column({ type: 'text' })
  status: ApplicationStatus;

  @Column({ name: 'decided_by_member_id', type: 'uuid', nullable: true })
  decidedByMemberId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}
