import { graphql } from '../../../gql';

export const ModuleReviewsQuery = graphql(`
  query ModuleReviews($slug: String!, $first: Int, $after: String) {
    moduleReviews(moduleSlug: $slug, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          rating
          title
          body
          createdAt
          authorName
          organizationName
        }
      }
    }
  }
`);
