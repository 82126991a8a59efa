/**
 * Every resolver of the API. A domain adds its resolvers here (one line each).
 */
import type { NonEmptyArray } from 'type-graphql';
import { AuthResolver, MyMembershipResolver } from './modules/auth/auth.resolver';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  AuthResolver,
  MyMembershipResolver,
];
