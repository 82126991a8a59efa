import { graphql } from '../../../../gql';

export const InstanceErrorsQuery = graphql(`
  query InstanceErrors($instanceId: Int!, $resolved: Boolean, $first: Int, $after: String) {
    instanceErrors(instanceId: $instanceId, resolved: $resolved, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          id
          errorType
          errorMessage
          stackTrace
          occurrences
          firstSeenAt
          occurredAt
          resolved
          coreVersion
          module {
            id
            name
          }
          version {
            id
            version
          }
        }
      }
    }
  }
`);
