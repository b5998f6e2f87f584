import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { Column, CreateDateColumn, Entity, Generated, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from 'src/common/money/decimal';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { LocalDateScalar } from 'src/common/scalars/local-date.scalar';
import { StakeholderClass } from 'src/common/stakeholder-class';

export enum UnitEntryKind {
  FOUNDING = 'FOUNDING',
  LABOUR = 'LABOUR',
  CAPITAL = 'CAPITAL',
  PATRONAGE = 'PATRONAGE',
  CANCELLATION = 'CANCELLATION',
}
registerEnumType(UnitEntryKind, { name: 'RegisterEntryKind', description: 'The contribution (or cancellation) that a register entry records.' });

@ObjectType('RegisterEntry', { description: 'An immutable entry of the unit register. Units come only from recorded contributions.' })
@Entity('unit_entries')
export class UnitEntry {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Generated('increment')
  @Column({ type: 'bigint' })
  seq: string;

  @Column({ name: 'cooperative_id', type: 'uuid' })
  cooperativeId: string;

  @Field(() => ID)
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Field(() => StakeholderClass, { name: 'class' })
  @Column({ name: 'stakeholder_class', type: 'text' })
  stakeholderClass: StakeholderClass;

  @Field(() => UnitEntryKind)
  @Column({ type: 'text' })
  kind: UnitEntryKind;

  @Field(() => DecimalScalar, { description: 'Units issued (negative for a cancellation).' })
  @Column({ type: 'numeric', transformer: decimalTransformer })
  units: Decimal;

  @Field(() => DecimalScalar, { nullable: true })
  @Column({ type: 'numeric', nullable: true, transformer: decimalTransformer })
  hours: Decimal | null;

  @Column({ type: 'numeric', nullable: true, transformer: decimalTransformer })
  amount: Decimal | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => LocalDateScalar)
  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn: string;

  @Column({ name: 'recorded_by_user_id', type: 'uuid', nullable: true })
  recordedByUserId: string | null;

  @Field(() => ID, { nullable: true, description: 'The ledger entry posted with it (capital contributions).' })
  @Column({ name: 'journal_entry_id', type: 'uuid', nullable: true })
  journalEntryId: string | null;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
