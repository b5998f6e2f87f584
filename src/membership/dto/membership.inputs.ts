import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsArray, IsEmail, IsEnum, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { PageArgs } from 'src/common/pagination/connection';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { Role } from 'src/membership/member.entity';

@InputType()
export class AddMemberInput {
  @Field(() => ID)
  @IsUUID()
  cooperativeId: string;

  @Field({ description: 'The email of an existing user.' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field(() => [Role], { nullable: true, description: 'MEMBER is always included; COORDINATOR and ADMIN need an ADMIN.' })
  @IsOptional()
  @IsArray()
  @IsEnum(Role, { each: true })
  roles?: Role[];
}

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
