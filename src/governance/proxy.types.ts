import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { LocalDateScalar } from 'src/common/scalars/local-date.scalar';
import { Text } from 'src/common/validation/text';

@ObjectType({ description: "A member's vote carried by another member, for one proposal or standing until revoked." })
export class Proxy {
  @Field(() => ID)
  id: string;

  cooperativeId: string;
  giverMemberId: string;
  holderMemberId: string;

  @Field(() => ID, { nullable: true, description: 'Null for a standing proxy.' })
  proposalId: string | null;

  @Field()
  appointedAt: Date;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;
}

@InputType()
export class AppointProxyInput {
  @Field(() => ID, { description: 'The member who will carry your vote.' })
  @IsUUID()
  holderMemberId: string;

  @Field(() => ID, { nullable: true, description: 'One proposal; omit for a standing proxy until revoked.' })
  @IsOptional()
  @IsUUID()
  proposalId?: string;
}

@ObjectType({ description: 'The decision in words, recorded by a coordinator after close, with an optional review date.' })
export class OutcomeStatement {
  @Field()
  statement: string;

  @Field(() => LocalDateScalar, { nullable: true })
  reviewOn: string | null;

  @Field()
  recordedAt: Date;
}

@InputType()
export class OutcomeStatementInput {
  @Field(() => ID)
  @IsUUID()
  proposalId: string;

  @Field()
  @Text({ max: 20000 })
  statement: string;

  @Field(() => LocalDateScalar, { nullable: true })
  @IsOptional()
  reviewOn?: string;
}
