import { graphql } from '../../../../gql';

export const ActivationPlanQuery = graphql(`
  query ActivationPlan($instanceId: Int!, $moduleId: Int!) {
    instanceActivationPlan(instanceId: $instanceId, moduleId: $moduleId) {
      instanceId
      canActivate
      module {
        id
        name
      }
      core {
        id
        name
        version
        validationStatus
      }
      recommendedVersion {
        id
        version
        status
        hash
      }
      versions {
        compatible
        compatibility
        recommended
        version {
          id
          version
          status
          channel
          hash
          permissions {
            code
            description
          }
        }
      }
      licenses {
        id
        licenseKey
        status
        expiresAt
        usable
        planName
        maxInstances
        activeInstances
      }
      recommendedLicense {
        id
      }
      requiredDependencies {
        minVersion
        dependencyType
        state
        activeVersion
        orgHasActiveLicense
        builtIn
        module {
          id
          name
        }
        fittingVersions {
          id
          version
        }
      }
      optionalDependencies {
        minVersion
        state
        activeVersion
        orgHasActiveLicense
        builtIn
        module {
          id
          name
        }
      }
      blockers {
        code
        field
        message
      }
      hints {
        code
        message
      }
    }
  }
`);
