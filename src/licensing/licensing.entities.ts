import { Field, ID, ObjectType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { Column, CreateDateColumn, Entity, Generated, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from 'src/common/money/decimal';
import { LocalDateScalar } from 'src/common/scalars/local-date.scalar';
import { AgreementKind, FeePeriod, FeeSchedule, LicenseUse } from './licensing.rules';
import './licensing.enums';

@ObjectType({ description: "One of the commons' assets (a design, code, a text) under the peer-production licence." })
@Entity('works')
export class Work {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Generated('increment')
  @Column({ type: 'bigint' })
  seq: string;

  @Column({ name: 'cooperative_id', type: 'uuid' })
  cooperativeId: string;

  @Field()
  @Column()
  title: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@ObjectType({ description: 'Someone using the works, with its declared use. Its account is the user who accepted its invitation (inviteLicenseeAccount).' })
@Entity('licensees')
export class Licensee {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Generated('increment')
  @Column({ type: 'bigint' })
  seq: string;

  @Column({ name: 'cooperative_id', type: 'uuid' })
  cooperativeId: string;

  @Field()
  @Column()
  name: string;

  @Field({ description: 'The contact address; invitations to link an account go here.' })
  @Column()
  email: string;

  /** The linked account, set only by accepting an invitation sent to `email`. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Field(() => LicenseUse)
  @Column({ type: 'text' })
  use: LicenseUse;

  @Field()
  @Column({ name: 'is_worker_owned' })
  isWorkerOwned: boolean;

  @Field()
  @Column({ name: 'all_surplus_to_worker_owners' })
  allSurplusToWorkerOwners: boolean;

  @Field()
  @Column({ name: 'no_waged_non_owners' })
  noWagedNonOwners: boolean;

  @Field(() => ID, { nullable: true, description: 'The membership this licensee converted to, if any.' })
  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId: string | null;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@ObjectType({ description: 'A fee agreement: a commercial licence of a work (LICENSE) or, after conversion, membership dues (DUES).' })
@Entity('license_agreements')
export class LicenseAgreement implements FeeSchedule {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Generated('increment')
  @Column({ type: 'bigint' })
  seq: string;

  @Column({ name: 'cooperative_id', type: 'uuid' })
  cooperativeId: string;

  @Column({ name: 'licensee_id', type: 'uuid' })
  licenseeId: string;

  @Field(() => AgreementKind)
  @Column({ type: 'text' })
  kind: AgreementKind;

  @Column({ name: 'work_id', type: 'uuid', nullable: true })
  workId: string | null;

  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId: string | null;

  /** RENT: the rented asset. */
  @Column({ name: 'asset_id', type: 'uuid', nullable: true })
  assetId: string | null;

  @Column({ type: 'text' })
  period: FeePeriod;

  @Column({ type: 'numeric', nullable: true, transformer: decimalTransformer })
  amount: Decimal | null;

  @Column({ name: 'revenue_percent', type: 'numeric', nullable: true, transformer: decimalTransformer })
  revenuePercent: Decimal | null;

  @Column({ type: 'numeric', nullable: true, transformer: decimalTransformer })
  minimum: Decimal | null;

  @Field(() => LocalDateScalar)
  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'The last day billed, once fees have stopped.' })
  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
