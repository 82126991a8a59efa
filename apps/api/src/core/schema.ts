import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { DateTimeScalar } from './scalars';
import { authChecker } from './auth-checker';
import { InputGuard } from './input-guard';
import { resolvers } from '../resolvers';

let cached: Promise<GraphQLSchema> | undefined;

export function getSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    // The boundary input layer: control characters and over-long strings never reach a resolver.
    globalMiddlewares: [InputGuard],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: { forbidUnknownValues: false },
  });
  return cached;
}
