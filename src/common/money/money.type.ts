import { Field, ObjectType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { formatMoney, toDecimal } from './decimal';

@ObjectType({ description: 'An exact amount of money in a currency with 2 minor digits.' })
export class Money {
  @Field(() => DecimalScalar, { description: 'Always with two decimals, e.g. "611.10".' })
  amount: string;

  @Field()
  currency: string;
}

export function money(amount: Decimal, currency: string): Money {
  return { amount: formatMoney(amount), currency };
}

/** Money from a `numeric` column read as text. */
export function moneyFromText(amount: string, currency: string): Money {
  return money(toDecimal(amount), currency);
}
