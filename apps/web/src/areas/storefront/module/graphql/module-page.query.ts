import { graphql } from '../../../../gql';

/** Everything the module page shows (one request; the API answers it in ≤ 5 statements + screenshots and links). */
export const ModulePageQuery = graphql(`
  query ModulePage($slug: String!) {
    module(slug: $slug) {
      ...ModulePageFields
    }
  }
`);
