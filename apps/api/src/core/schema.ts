import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { DateTimeScalar } from './scalars';
import { authChecker } from './auth-checker';
import { resolvers } from '../resolvers';

let cached: Promise<GraphQLSchema> | undefined;

export function getSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: { forbidUnknownValues: false },
  });
  return cached;
}
