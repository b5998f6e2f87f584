import { ArgsType, Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { User } from 'src/identity/user.entity';
import { Text } from 'src/common/validation/text';

@InputType()
export class SignUpInput {
  @Field()
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email: string;

  @Field()
  @IsString()
  @MinLength(10, { message: 'must be at least 10 characters' })
  @MaxLength(200)
  password: string;

  @Field()
  @Text({ max: 100 })
  displayName: string;
}

@InputType()
export class LogInInput {
  @Field()
  @IsString()
  @MaxLength(254)
  email: string;

  @Field()
  @IsString()
  @MaxLength(200)
  password: string;
}

@ObjectType()
export class AuthPayload {
  @Field({ description: 'Send as `Authorization: Bearer <token>`.' })
  token: string;

  @Field()
  expiresAt: Date;

  @Field(() => User)
  user: User;
}

@ArgsType()
export class ResetPasswordArgs {
  @Field({ description: 'The token from the reset link.' })
  @IsString()
  @MaxLength(200)
  token: string;

  @Field()
  @IsString()
  @MinLength(10, { message: 'must be at least 10 characters' })
  @MaxLength(200)
  newPassword: string;
}

@ArgsType()
export class ChangePasswordArgs {
  @Field()
  @IsString()
  @MaxLength(200)
  currentPassword: string;

  @Field()
  @IsString()
  @MinLength(10, { message: 'must be at least 10 characters' })
  @MaxLength(200)
  newPassword: string;
}

@ArgsType()
export class EmailArgs {
  @Field()
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email: string;
}

@ArgsType()
export class TokenArgs {
  @Field({ description: 'The token from the link in the mail.' })
  @IsString()
  @MaxLength(200)
  token: string;
}
