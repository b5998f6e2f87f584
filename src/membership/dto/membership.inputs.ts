import { ArgsType, Field, ID, InputType, PickType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsEnum, IsOptional, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { PageArgs } from 'src/common/pagination/connection';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { Role } from 'src/membership/member.entity';

@InputType()
export class SetMemberRolesInput {
  @Field(() => ID)
  @IsUUID()
  memberId: string;

  @Field(() => [Role])
  @IsArray()
  @IsEnum(Role, { each: true })
  roles: Role[];
}

@ArgsType()
export class MembersArgs extends PageArgs {
  @Field(() => StakeholderClass, { nullable: true, name: 'class', description: 'Only members holding units in this class.' })
  @IsOptional()
  @IsEnum(StakeholderClass)
  stakeholderClass?: StakeholderClass;
}

@InputType()
export class InvitationInput {
  @Field({ description: 'The address to invite. The member is INVITED until a verified account of this address accepts.' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field(() => [Role], { nullable: true, description: 'MEMBER is always included; COORDINATOR and ADMIN need an ADMIN.' })
  @IsOptional()
  @IsArray()
  @IsEnum(Role, { each: true })
  roles?: Role[];

  @Field(() => StakeholderClass, { nullable: true, description: 'The class the person is expected to join; units still come only from contributions.' })
  @IsOptional()
  @IsEnum(StakeholderClass)
  stakeholderClass?: StakeholderClass;
}

/** One invitation into one cooperative. */
@InputType()
export class AddMemberInput extends PickType(InvitationInput, ['email', 'roles'] as const, InputType) {
  @Field(() => ID)
  @IsUUID()
  cooperativeId: string;
}

export const MAX_INVITATIONS = 1000;

@InputType()
export class InviteMembersInput {
  @Field(() => ID)
  @IsUUID()
  cooperativeId: string;

  @Field(() => [InvitationInput], { description: `Up to ${MAX_INVITATIONS} addresses; all are invited or none.` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INVITATIONS)
  @ValidateNested({ each: true })
  @Type(() => InvitationInput)
  invitations: InvitationInput[];
}
