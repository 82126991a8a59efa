import { graphql } from '../../../../gql';

export const CoreUpgradeCheckQuery = graphql(`
  query CoreUpgradeCheck($instanceId: Int!, $targetCoreId: Int!) {
    coreUpgradeCheck(instanceId: $instanceId, targetCoreId: $targetCoreId) {
      instanceId
      staysCompatible
      needsUpdate
      wouldBreak
      safe
      currentCore {
        id
        name
        version
        validationStatus
      }
      targetCore {
        id
        name
        version
        validationStatus
      }
      modules {
        outcome
        updatePathAvailable
        message
        module {
          id
          name
        }
        currentVersion {
          id
          version
        }
        targetVersion {
          id
          version
        }
      }
    }
  }
`);
