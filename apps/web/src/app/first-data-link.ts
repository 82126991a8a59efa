import { ApolloLink } from '@apollo/client';
import { of } from 'rxjs';
// The file alone, not the package's index (money and its decimal library stay out of the first chunk).
import { stableJson } from '@wk/domain/dist/stable-json';

/** The element the API writes the first page's answers into (apps/api/src/web-shell.ts). */
export const FIRST_DATA_ELEMENT_ID = 'wk-first-data';

interface FirstOperation {
  operationName: string;
  variables: Record<string, unknown>;
  data: Record<string, unknown>;
}

const keyOf = (operationName: string, variables: Record<string, unknown>) => `${operationName} ${stableJson(variables)}`;

/** The answers inlined in index.html, by operation and variables; nothing when absent or unreadable. */
export function readFirstData(doc: Document = document): Map<string, FirstOperation> {
  const out = new Map<string, FirstOperation>();
  const text = doc.getElementById(FIRST_DATA_ELEMENT_ID)?.textContent;
  if (!text) return out;
  try {
    const parsed = JSON.parse(text) as { operations?: FirstOperation[] };
    for (const op of parsed.operations ?? []) out.set(keyOf(op.operationName, op.variables), op);
  } catch {
    // An unreadable block is ignored: the app asks the API.
  }
  return out;
}

/**
 * Answers an operation from the first page's inlined data (issue 16: the catalog and a module page
 * render without waiting for their GraphQL round trip). Each answer is used once, by the operation
 * with the same name and variables; anything else goes to the API.
 */
export function firstDataLink(entries: Map<string, FirstOperation> = readFirstData()): ApolloLink {
  return new ApolloLink((operation, forward) => {
    const key = keyOf(operation.operationName ?? '', operation.variables);
    const hit = entries.get(key);
    if (!hit) return forward(operation);
    entries.delete(key);
    return of({ data: hit.data });
  });
}
