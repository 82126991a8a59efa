import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Min } from 'class-validator';
import { UserError } from '../../core/errors';
import { SessionError } from './sessions.errors';
import { ConnectionType, PageArgs } from '../../core/pagination';

@ObjectType({ description: 'A signed-in browser or client of the current user (not ended, not expired).' })
export class UserSession {
  @Field(() => Int) id!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { description: 'Last request seen (updated at most every 5 minutes).' }) lastSeenAt!: Date;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => String, { nullable: true }) ipAddress!: string | null;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
  @Field(() => String, { description: 'The browser and operating system read from the user agent, e.g. "Chrome 131 on Linux".' })
  device!: string;
  @Field(() => Boolean, { description: 'The session making this request.' }) current!: boolean;
}

export enum SignInOutcome {
  SUCCESS = 'success',
  FAILURE = 'failure',
  THROTTLED = 'throttled',
}
registerEnumType(SignInOutcome, {
  name: 'SignInOutcome',
  description: 'success: signed in; failure: wrong password; throttled: refused after too many failures.',
});

@ObjectType({ description: 'A sign-in attempt on the current user’s account.' })
export class SignInEvent {
  @Field(() => Int) id!: number;
  @Field(() => Date) at!: Date;
  @Field(() => SignInOutcome) outcome!: SignInOutcome;
  @Field(() => String, { nullable: true }) ipAddress!: string | null;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
  @Field(() => String) device!: string;
}

export const SignInEventConnection = ConnectionType(SignInEvent, 'SignInEvent');

@ArgsType()
export class MySignInsArgs extends PageArgs {}

@InputType()
export class SessionEndInput {
  @Field(() => Int) @Min(1) sessionId!: number;
}

@ObjectType()
export class SessionEndPayload {
  @Field(() => Int, { description: 'How many sessions were ended.' }) ended!: number;
  @Field(() => [SessionError]) errors!: UserError[];
}
