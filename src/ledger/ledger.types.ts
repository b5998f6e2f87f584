import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Money } from 'src/common/money/money.type';
import { AccountType } from './posting';

/** Resolved field by field; carries only the cooperative and its currency. */
@ObjectType({ description: "The cooperative's double-entry ledger (members only)." })
export class Ledger {
  cooperativeId: string;
  currency: string;
}

@ObjectType({ description: "An account's balance, or a member's balance on a per-member account: the sum of its journal lines (debits positive)." })
export class LedgerAccountBalance {
  @Field(() => ID, { description: "The account's id; for a member's balance, the account's and the member's ids joined by a colon." })
  id: string;

  @Field()
  code: string;

  @Field(() => AccountType)
  type: AccountType;

  @Field(() => ID, { nullable: true, description: "The member, for a member's balance on a per-member account." })
  memberId: string | null;

  @Field(() => ID, { nullable: true, description: 'The budget round or bucket a scoped account is kept for.' })
  scopeId: string | null;

  @Field(() => Money)
  balance: Money;
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
