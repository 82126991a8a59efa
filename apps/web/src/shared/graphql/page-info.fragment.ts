import { graphql } from '../../gql';

/** What every paginated list reads to load its next page (Relay connections, keyset cursors). */
export const PageInfoFieldsFragment = graphql(`
  fragment PageInfoFields on PageInfo {
    hasNextPage
    endCursor
  }
`);
