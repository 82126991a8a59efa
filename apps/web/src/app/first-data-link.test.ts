import { describe, expect, it } from 'vitest';
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Observable } from 'rxjs';
import { FIRST_DATA_ELEMENT_ID, firstDataLink, readFirstData } from './first-data-link';

// A plain string (no gql tag), so that the codegen does not read it as one of the app's operations.
const QUERY: TypedDocumentNode<{ catalogModules: { totalCount: number } }> = parse(
  'query CatalogModules($sort: CatalogSort, $filter: CatalogFilter) { catalogModules(sort: $sort, filter: $filter) { totalCount } }',
);

function pageWith(json: string): Document {
  const doc = document.implementation.createHTMLDocument('shell');
  const el = doc.createElement('script');
  el.type = 'application/json';
  el.id = FIRST_DATA_ELEMENT_ID;
  el.textContent = json;
  doc.body.appendChild(el);
  return doc;
}

/** A client whose network counts the operations that reach it. */
function clientWith(entries: ReturnType<typeof readFirstData>) {
  const sent: string[] = [];
  const network = new ApolloLink((op) => {
    sent.push(op.operationName ?? '');
    return new Observable((o) => {
      o.next({ data: { catalogModules: { __typename: 'CatalogModuleConnection', totalCount: 99 } } });
      o.complete();
    });
  });
  const client = new ApolloClient({ link: ApolloLink.from([firstDataLink(entries), network]), cache: new InMemoryCache() });
  return { client, sent };
}

const inlined = {
  operations: [
    {
      operationName: 'CatalogModules',
      variables: { sort: 'RELEVANCE', filter: { search: null, category: null } },
      data: { catalogModules: { __typename: 'CatalogModuleConnection', totalCount: 7 } },
    },
  ],
};

describe('first data inlined in index.html', () => {
  it('reads the block the server wrote (escaped </script> included) and nothing from a missing or broken one', () => {
    const name = '</script><script>alert(1)</script>';
    const escaped = JSON.stringify({ operations: [{ ...inlined.operations[0], data: { name } }] })
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e');
    const entries = readFirstData(pageWith(escaped));
    expect([...entries.values()].map((e) => e.data)).toEqual([{ name }]);
    expect(readFirstData(pageWith('{not json')).size).toBe(0);
    expect(readFirstData(document.implementation.createHTMLDocument('empty')).size).toBe(0);
  });

  it('answers the matching operation once from the inlined data, without the network', async () => {
    const { client, sent } = clientWith(readFirstData(pageWith(JSON.stringify(inlined))));
    // Same variables in another key order: a match.
    const first = await client.query({ query: QUERY, variables: { filter: { category: null, search: null }, sort: 'RELEVANCE' } });
    expect(first.data).toEqual({ catalogModules: { __typename: 'CatalogModuleConnection', totalCount: 7 } });
    expect(sent).toEqual([]);
    // Used once: a refetch goes to the API.
    const again = await client.query({
      query: QUERY,
      variables: { filter: { category: null, search: null }, sort: 'RELEVANCE' },
      fetchPolicy: 'network-only',
    });
    expect(again.data?.catalogModules.totalCount).toBe(99);
    expect(sent).toEqual(['CatalogModules']);
  });

  it('sends other variables to the API', async () => {
    const { client, sent } = clientWith(readFirstData(pageWith(JSON.stringify(inlined))));
    const r = await client.query({ query: QUERY, variables: { filter: { category: 'crm', search: null }, sort: 'RELEVANCE' } });
    expect(r.data?.catalogModules.totalCount).toBe(99);
    expect(sent).toEqual(['CatalogModules']);
  });
});
