import { graphql } from '../../../../gql';

export const InstanceModuleUpdatesQuery = graphql(`
  query InstanceModuleUpdates($instanceId: Int!, $first: Int) {
    instanceModuleUpdates(instanceId: $instanceId, first: $first) {
      totalCount
      edges {
        node {
          id
          status
          startedAt
          completedAt
          errorMessage
          performedByName
          module {
            id
            name
          }
          fromVersion {
            version
          }
          toVersion {
            version
          }
          flow {
            id
            rollbackScriptPath
            migrationScriptPath
          }
        }
      }
    }
  }
`);
