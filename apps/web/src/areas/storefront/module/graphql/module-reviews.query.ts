import { graphql } from '../../../../gql';

export const ModuleReviewsQuery = graphql(`
  query ModuleReviews($slug: String!, $sort: ReviewSort, $first: Int, $after: String) {
    moduleReviews(moduleSlug: $slug, sort: $sort, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
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
          vendorReply {
            body
            vendorName
            repliedAt
            editedAt
          }
        }
      }
    }
  }
`);
