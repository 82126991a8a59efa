import { graphql } from '../../../../gql';

export const ModuleReviewEligibilityQuery = graphql(`
  query ModuleReviewEligibility($slug: String!) {
    moduleReviewEligibility(moduleSlug: $slug) {
      canReview
      reason
      message
      organizations {
        id
        name
      }
    }
  }
`);
