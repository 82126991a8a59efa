import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/context';
import { MySignInsArgs, SessionEndInput, SessionEndPayload, SignInEventConnection, UserSession } from './sessions.types';
import * as sessions from './sessions.service';

@Resolver(() => UserSession)
export class SessionsResolver {
  @Authorized()
  @Query(() => [UserSession], {
    description: 'The signed-in user’s active sessions, most recently used first (the current one is marked).',
  })
  mySessions(@Ctx() ctx: Context) {
    return sessions.mySessions(ctx);
  }

  @Authorized()
  @Query(() => SignInEventConnection, {
    description: 'Sign-in attempts on the signed-in user’s account (success, failure, throttled), newest first.',
  })
  mySignIns(@Args(() => MySignInsArgs) args: MySignInsArgs, @Ctx() ctx: Context) {
    return sessions.mySignIns(ctx, args);
  }

  @Authorized()
  @Mutation(() => SessionEndPayload, {
    description: 'Ends one of your other sessions (that browser is signed out). Another user’s session is NOT_FOUND.',
  })
  sessionEnd(@Arg('input', () => SessionEndInput) input: SessionEndInput, @Ctx() ctx: Context): Promise<SessionEndPayload> {
    return sessions.endSession(ctx, input.sessionId);
  }

  @Authorized()
  @Mutation(() => SessionEndPayload, { description: 'Ends every session of yours except the one making this request.' })
  sessionsEndOthers(@Ctx() ctx: Context): Promise<SessionEndPayload> {
    return sessions.endOtherSessions(ctx);
  }
}
