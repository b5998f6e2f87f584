import { Field, Int, ObjectType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { Member } from 'src/membership/member.entity';

@ObjectType()
export class ClassUnits {
  @Field(() => StakeholderClass)
  class: StakeholderClass;

  @Field(() => DecimalScalar)
  units: Decimal;
}

@ObjectType()
export class ClassEquity {
  @Field(() => StakeholderClass)
  class: StakeholderClass;

  @Field(() => DecimalScalar)
  equityWeight: Decimal;

  @Field(() => DecimalScalar)
  voteWeight: Decimal;

  @Field(() => DecimalScalar)
  totalUnits: Decimal;

  @Field(() => Int, { description: 'Members holding more than 0 units in the class.' })
  memberCount: number;
}

/** Resolved field by field; carries only the cooperative it describes. */
@ObjectType({ description: 'The fair-shares cap table: each class holds exactly a quarter of the equity.' })
export class CapTable {
  cooperativeId: string;
}

@ObjectType()
export class CapTableHolder {
  @Field(() => Member)
  member: Member;

  @Field(() => [ClassUnits])
  units: ClassUnits[];

  @Field(() => DecimalScalar, { description: 'Exact share of the equity (40 significant digits).' })
  equityShare: Decimal;
}
