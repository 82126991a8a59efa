import { graphql } from '../../../../gql';

export const ModuleReviewUpsertMutation = graphql(`
  mutation ModuleReviewUpsert($input: ModuleReviewUpsertInput!) {
    moduleReviewUpsert(input: $input) {
      review {
        id
        rating
        title
        body
      }
      module {
        slug
        ratingAverage
        ratingCount
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
