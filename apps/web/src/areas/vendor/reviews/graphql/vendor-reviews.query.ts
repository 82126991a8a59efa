import { graphql } from '../../../../gql';

export const VendorReviewsQuery = graphql(`
  query VendorReviews($vendorId: Int!, $unanswered: Boolean, $first: Int, $after: String) {
    vendorReviews(vendorId: $vendorId, unanswered: $unanswered, first: $first, after: $after) {
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
          moduleName
          moduleSlug
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
