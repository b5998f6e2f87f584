import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Money } from 'src/common/money/money.type';
import { AccountType } from './posting';

/** Resolved field by field; carries only the cooperative and its currency. */
@ObjectType({ description: "The cooperative's double-entry ledger (members only)." })
export class Ledger {
  cooperativeId: string;
  currency: string;
}

@ObjectType('LedgerAccount', { description: 'An account with its balance: the sum of its journal lines (debits positive).' })
export class LedgerAccountView {
  @Field(() => ID)
  id: string;

  @Field()
  code: string;

  @Field(() => AccountType)
  type: AccountType;

  @Field(() => ID, { nullable: true, description: 'The budget round or bucket a scoped account is kept for.' })
  scopeId: string | null;

  @Field({ description: "Its lines name a member: a control account whose members' balances (memberBalances) sum to its balance." })
  perMember: boolean;

  @Field(() => Money, { description: 'For a per-member account, the control total of its members\' balances.' })
  balance: Money;

  currency: string;
}

@ObjectType({ description: "A member's balance on a per-member account (debits positive)." })
export class LedgerMemberBalance {
  @Field(() => Money)
  balance: Money;

  memberId: string;
}

@ObjectType({ description: 'One line of a journal entry: a debit when positive, a credit when negative.' })
export class JournalLineView {
  @Field()
  accountCode: string;

  @Field(() => ID, { nullable: true })
  memberId: string | null;

  @Field(() => Money)
  amount: Money;
}
