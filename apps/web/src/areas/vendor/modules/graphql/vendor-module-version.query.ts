import { graphql } from '../../../../gql';

export const VendorModuleVersionQuery = graphql(`
  query VendorModuleVersion($id: Int!) {
    vendorModuleVersion(id: $id) {
      id
      version
      channel
      status
      stage
      hash
      sizeBytes
      hasArtifact
      withdrawnAt
      withdrawnReason
      automatedChecks {
        ...VersionCheckFields
      }
      submitBlockers {
        code
        field
        message
      }
      manifest
      changelog
      isCompatibleWithPrevious
      releaseDate
      deprecatedAt
      createdAt
      submittedByName
      replacedBy {
        id
        version
      }
      module {
        id
        name
        slug
        vendor {
          id
          name
        }
        versions {
          id
          version
          stage
          deprecatedAt
        }
      }
      compatibility {
        id
        minCoreVersion
        maxCoreVersion
        isVerified
        matchingCoreVersions
        software {
          id
          slug
          name
        }
      }
      dependencies {
        id
        minVersion
        isRequired
        dependencyType
        module {
          id
          slug
          name
        }
      }
      integrations {
        id
        integrationType
        description
        isBidirectional
        module {
          id
          slug
          name
        }
      }
      updateFlow {
        id
        updateType
        migrationScriptPath
        rollbackScriptPath
        isBreaking
        requiresDowntime
        estimatedDurationMinutes
        approvedAt
        fromVersion {
          id
          version
        }
      }
      submissions {
        id
        status
        submittedAt
        reviewedAt
        notes
        reviewerName
        checks {
          kind
          passed
          notes
        }
      }
    }
  }
`);
