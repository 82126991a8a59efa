import { Field, InputType, ObjectType } from 'type-graphql';
import { MaxLength, MinLength } from 'class-validator';
import { UserError } from '../../core/errors';
import { AuthError } from './auth.errors';
import { User } from '../users';

@InputType()
export class SignUpInput {
  @Field(() => String) @MinLength(1) @MaxLength(120) name!: string;
  @Field(() => String) @MaxLength(254) email!: string;
  @Field(() => String, { description: 'At least 10 characters.' }) @MaxLength(200) password!: string;
}

@InputType()
export class SignInInput {
  @Field(() => String) @MaxLength(254) email!: string;
  @Field(() => String) @MaxLength(200) password!: string;
}

@ObjectType()
export class AuthPayload {
  @Field(() => User, { nullable: true }) user!: User | null;
  @Field(() => [AuthError]) errors!: UserError[];
}

@ObjectType()
export class SignOutPayload {
  @Field(() => Boolean) ok!: boolean;
}

@ObjectType({ description: 'The answer to a sign-up: the same for a new and a known e-mail ("check your inbox"); no session starts.' })
export class SignUpPayload {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => [AuthError]) errors!: UserError[];
}

@ObjectType()
export class AccountPayload {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String, { nullable: true, description: 'What to tell the person (e.g. "check your inbox").' }) message!: string | null;
  @Field(() => [AuthError]) errors!: UserError[];
}

@ObjectType()
export class EmailVerifyPayload {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String, { nullable: true, description: 'The verified address.' }) email!: string | null;
  @Field(() => [AuthError]) errors!: UserError[];
}

@InputType()
export class PasswordResetRequestInput {
  @Field(() => String) @MaxLength(254) email!: string;
}

@InputType()
export class PasswordResetInput {
  @Field(() => String, { description: 'The token of the e-mailed link.' }) @MaxLength(200) token!: string;
  @Field(() => String, { description: 'At least 10 characters.' }) @MaxLength(200) password!: string;
}

@InputType()
export class PasswordChangeInput {
  @Field(() => String) @MaxLength(200) currentPassword!: string;
  @Field(() => String, { description: 'At least 10 characters.' }) @MaxLength(200) newPassword!: string;
}

@InputType()
export class EmailChangeInput {
  @Field(() => String) @MaxLength(254) newEmail!: string;
  @Field(() => String, { description: 'The current password.' }) @MaxLength(200) password!: string;
}
