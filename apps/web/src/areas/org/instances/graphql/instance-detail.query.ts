import { graphql } from '../../../../gql';

export const InstanceDetailQuery = graphql(`
  query InstanceDetail($id: Int!) {
    instance(id: $id) {
      id
      name
      environment
      domain
      isActive
      createdAt
      updatedAt
      viewerCanConsentPermissions
      software {
        id
        name
      }
      core {
        id
        name
        version
        validationStatus
      }
      builtInModules {
        since
        module {
          ...ModuleListingFields
        }
        version {
          id
          version
          status
        }
      }
      modules {
        id
        isActive
        activatedAt
        moduleHash
        activatedByName
        lastHeartbeatAt
        seat {
          policy
          heartbeatWindowMinutes
          freesAt
          stale
        }
        module {
          ...ModuleListingFields
        }
        version {
          id
          version
          channel
          status
        }
        license {
          id
          licenseKey
          status
          expiresAt
          usable
          planName
          maxInstances
          activeInstances
        }
        permissionConsent {
          id
          consentedByName
          consentedAt
          permissions {
            code
            description
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
