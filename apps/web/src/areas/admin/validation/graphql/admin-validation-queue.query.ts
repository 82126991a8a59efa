import { graphql } from '../../../../gql';

export const AdminValidationQueueQuery = graphql(`
  query AdminValidationQueue($filter: AdminValidationQueueFilter, $first: Int, $after: String) {
    adminValidationQueue(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          id
          status
          submittedAt
          reviewedAt
          reviewerName
          checks {
            kind
            passed
          }
          version {
            id
            version
            channel
          }
          module {
            id
            name
            slug
          }
          vendor {
            id
            name
            isVerified
          }
        }
      }
    }
  }
`);
