import { describe, expect, it } from 'vitest';
import { readServerState, SERVER_STATE_ELEMENT_ID } from './server-state';

function docWith(text: string | null): Document {
  const doc = document.implementation.createHTMLDocument('t');
  if (text !== null) {
    const el = doc.createElement('script');
    el.type = 'application/json';
    el.id = SERVER_STATE_ELEMENT_ID;
    el.textContent = text;
    doc.body.appendChild(el);
  }
  return doc;
}

describe('readServerState', () => {
  it('reads the Apollo cache the server wrote beside the page it rendered', () => {
    const state = { ROOT_QUERY: { __typename: 'Query', me: null } };
    expect(readServerState(docWith(JSON.stringify(state)))).toEqual(state);
  });

  it('is null without the block, or with a block that is not a JSON object (the app then renders the page itself)', () => {
    expect(readServerState(docWith(null))).toBeNull();
    expect(readServerState(docWith('{not json'))).toBeNull();
    expect(readServerState(docWith('[1,2]'))).toBeNull();
    expect(readServerState(docWith(''))).toBeNull();
  });
});
