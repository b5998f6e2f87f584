import { Field, ID, ObjectType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { Money } from 'src/common/money/money.type';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { LocalDateScalar } from 'src/common/scalars/local-date.scalar';
import { AgreementKind, FeePeriod, InvoiceStatus } from './licensing.rules';
import './licensing.enums';

@ObjectType({ description: 'Flat (amount) or a percentage of declared revenue (revenuePercent, with an optional minimum), per period.' })
export class FeeScheduleView {
  @Field(() => FeePeriod)
  period: FeePeriod;

  @Field(() => DecimalScalar, { nullable: true })
  amount: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true })
  revenuePercent: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true })
  minimum: Decimal | null;
}

@ObjectType({ description: 'One period of one agreement, issued once. Immutable; what is paid is the sum of the payments allocated to it.' })
export class Invoice {
  @Field(() => ID)
  id: string;

  seq: string;
  licenseeId: string;

  @Field(() => ID)
  agreementId: string;

  @Field(() => AgreementKind)
  kind: AgreementKind;

  @Field({ description: "'2026-01' for a MONTHLY agreement, '2026' for a YEARLY one." })
  period: string;

  @Field(() => Money)
  amount: Money;

  @Field(() => Money)
  paid: Money;

  @Field(() => LocalDateScalar, { description: 'The first day of the period.' })
  dueOn: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'The declared revenue a percentage fee was computed from.' })
  revenue: string | null;

  @Field(() => InvoiceStatus)
  status: InvoiceStatus;
}

@ObjectType({ description: 'Money received from a licensee (licence fees or dues). Immutable.' })
export class Payment {
  @Field(() => ID)
  id: string;

  seq: string;
  licenseeId: string;

  @Field(() => Money)
  amount: Money;

  @Field()
  idempotencyKey: string;

  @Field()
  receivedAt: Date;

  @Field(() => Money, { description: 'The part of the payment that settled invoices when it was received; the rest became credit.' })
  allocated: Money;
}

@ObjectType()
export class RevenueDeclaration {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  agreementId: string;

  @Field()
  period: string;

  @Field(() => DecimalScalar)
  revenue: string;

  @Field()
  declaredAt: Date;
}
