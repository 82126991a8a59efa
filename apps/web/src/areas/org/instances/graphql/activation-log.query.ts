import { graphql } from '../../../../gql';

export const InstanceActivationLogQuery = graphql(`
  query InstanceActivationLog($id: Int!, $first: Int, $after: String) {
    instance(id: $id) {
      id
      activationLog(first: $first, after: $after) {
        totalCount
        pageInfo {
          ...PageInfoFields
        }
        edges {
          node {
            id
            eventType
            status
            errorCode
            errorMessage
            performedAt
            performedByName
            metadata
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
  }
`);
