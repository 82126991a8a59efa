import { Field, InputType, ObjectType } from 'type-graphql';
import { IsEmail, MaxLength, MinLength } from 'class-validator';
import { UserError } from '../../core/errors';
import { User } from '../users/user.types';

@InputType()
export class SignUpInput {
  @Field(() => String) @MinLength(1) @MaxLength(120) name!: string;
  @Field(() => String) @IsEmail() @MaxLength(254) email!: string;
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
  @Field(() => [UserError]) errors!: UserError[];
}

@ObjectType()
export class SignOutPayload {
  @Field(() => Boolean) ok!: boolean;
}
