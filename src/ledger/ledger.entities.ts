import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { Column, CreateDateColumn, Entity, Generated, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { decimalTransformer } from 'src/common/money/decimal';
import { AccountType } from './posting';

registerEnumType(AccountType, { name: 'AccountType' });

/** Not a GraphQL type itself: the API shows accounts with their balances (LedgerAccountView). */
@Entity('ledger_accounts')
export class LedgerAccount {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'cooperative_id', type: 'uuid' })
  cooperativeId: string;

  @Column()
  code: string;

  @Column({ type: 'text' })
  type: AccountType;

  /** Its lines name a member: a control account whose member balances form a sub-ledger. */
  @Column({ name: 'per_member', type: 'boolean' })
  perMember: boolean;

  /** The budget round or bucket a scoped account is kept for. */
  @Column({ name: 'scope_id', type: 'uuid', nullable: true })
  scopeId: string | null;
}

@ObjectType({ description: 'A balanced, immutable journal entry. Corrections are reversal entries.' })
@Entity('journal_entries')
export class JournalEntry {
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
  description: string;

  @Field({ description: 'What kind of business event posted it, e.g. CAPITAL_CONTRIBUTION.' })
  @Column({ name: 'source_type' })
  sourceType: string;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'source_id', type: 'uuid', nullable: true })
  sourceId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'reverses_entry_id', type: 'uuid', nullable: true })
  reversesEntryId: string | null;

  @Column({ name: 'posted_by_user_id', type: 'uuid', nullable: true })
  postedByUserId: string | null;

  @Field()
  @CreateDateColumn({ name: 'posted_at', type: 'timestamptz' })
  postedAt: Date;
}

@Entity('journal_lines')
export class JournalLine {
  @PrimaryColumn({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  /** 1, 2, … within the entry, in the order the lines were posted. */
  @PrimaryColumn({ name: 'line_no', type: 'integer' })
  lineNo: number;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  /** The member, on a per-member account. */
  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId: string | null;

  /** The class a dividend payout or an allocation was earned in. */
  @Column({ name: 'stakeholder_class', type: 'text', nullable: true })
  stakeholderClass: StakeholderClass | null;

  @Column({ type: 'numeric', transformer: decimalTransformer })
  amount: Decimal;
}
