import { graphql } from '../../../../gql';

export const AvailableUpdatesQuery = graphql(`
  query AvailableUpdates($instanceId: Int!) {
    availableUpdates(instanceId: $instanceId) {
      instanceModule {
        id
      }
      module {
        id
        name
      }
      installedVersion {
        id
        version
      }
      options {
        version {
          id
          version
          status
          changelog
          releaseDate
          permissions {
            code
            description
          }
        }
        permissionChange {
          consentRequired
          added {
            code
            description
          }
          removed {
            code
            description
          }
        }
        path {
          allowed
          direct
          code
          message
          breaking
          requiresDowntime
          estimatedDurationMinutes
          flow {
            id
            updateType
            approved
          }
        }
      }
      recommended {
        version {
          id
        }
      }
      inProgress {
        id
        status
        startedAt
        fromVersion {
          version
        }
        toVersion {
          version
        }
      }
    }
  }
`);
