import {
  GraphQLError,
  Kind,
  getVariableValues,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type GraphQLSchema,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { getComplexity, simpleEstimator, fieldExtensionsEstimator } from 'graphql-query-complexity';

/** How deep an operation's fields nest (fragments followed, introspection exempt). */
export function operationDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const depthOf = (set: SelectionSetNode | undefined, depth: number, seen: Set<string>): number => {
    if (!set) return depth;
    let deepest = depth;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, depthOf(sel.selectionSet, depth + 1, seen));
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(sel.selectionSet, depth, seen));
      } else if (sel.kind === Kind.FRAGMENT_SPREAD && !seen.has(sel.name.value)) {
        const frag = fragments.get(sel.name.value);
        if (frag) deepest = Math.max(deepest, depthOf(frag.selectionSet, depth, new Set([...seen, sel.name.value])));
      }
    }
    return deepest;
  };
  return depthOf(operation.selectionSet, 0, new Set());
}

/**
 * Refuses operations nested deeper than `maxDepth` (QUERY_TOO_DEEP) or whose estimated cost exceeds
 * `maxCost` (QUERY_TOO_COMPLEX; lists count `first` times their children). Both run once the
 * operation is resolved, as a plugin and not as validation rules, so clients receive these codes
 * (Apollo rewrites every validation rule's code to GRAPHQL_VALIDATION_FAILED). The cost is computed
 * on the coerced variables only: variables of the wrong type, unknown input fields or an Int
 * overflow are left to GraphQL's own coercion, which answers its standard BAD_USER_INPUT.
 */
export function queryLimitsPlugin(maxDepth: number, maxCost: number): ApolloServerPlugin {
  // Apollo's document store hands back the same parsed document for the same query text, so the depth
  // and the cost are computed once per distinct document (and, for the cost, per operation and
  // variables: `first` may be a variable), not once per request (issue 16).
  const depths = new WeakMap<OperationDefinitionNode, number>();
  const costs = new WeakMap<DocumentNode, Map<string, number | null>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          if (!operation) return;
          let depth = depths.get(operation);
          if (depth === undefined) {
            depth = operationDepth(document, operation);
            depths.set(operation, depth);
          }
          if (depth > maxDepth) {
            throw new GraphQLError(`Query is too deep: depth ${depth} exceeds the limit of ${maxDepth}.`, {
              extensions: { code: 'QUERY_TOO_DEEP', http: { status: 400 } },
            });
          }
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 1 });
          if (coerced.errors) return; // execution reports them (BAD_USER_INPUT)
          let byVariables = costs.get(document);
          if (!byVariables) costs.set(document, (byVariables = new Map()));
          const key = `${request.operationName ?? ''}\n${JSON.stringify(coerced.coerced)}`;
          let cost = byVariables.get(key);
          if (cost === undefined) {
            cost = complexity(schema, document, request.operationName ?? undefined, coerced.coerced);
            if (byVariables.size >= 64) byVariables.delete(byVariables.keys().next().value as string); // bounded: oldest first
            byVariables.set(key, cost);
          }
          if (cost === null) return; // an argument the estimator cannot read: execution validates it
          if (cost > maxCost) {
            throw new GraphQLError(`Query is too expensive: cost ${cost} exceeds the limit of ${maxCost}.`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/** The estimated cost of an operation (lists count `first` times their children); null when it cannot be estimated. */
function complexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): number | null {
  try {
    return getComplexity({
      schema,
      query: document,
      operationName,
      variables,
      estimators: [
        // `__typename` is answered from the schema, not fetched: free. Apollo Client adds it to every
        // selection set, fragments included, so it must not count against the limit.
        ({ field }) => (field.name === '__typename' ? 0 : undefined),
        fieldExtensionsEstimator(),
        ({ args, childComplexity }) => {
          const n = typeof args.first === 'number' && args.first > 0 ? args.first : 1;
          return childComplexity > 0 ? 1 + n * childComplexity : undefined;
        },
        simpleEstimator({ defaultComplexity: 1 }),
      ],
    });
  } catch {
    return null;
  }
}
