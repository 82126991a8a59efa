import { graphql } from '../../../../gql';

export const AdminSubmissionQuery = graphql(`
  query AdminSubmission($id: Int!) {
    adminSubmission(id: $id) {
      id
      status
      submittedAt
      reviewedAt
      notes
      reviewerName
      artifactDownloadUrl
      checks {
        kind
        passed
        notes
      }
      automatedChecks {
        ...VersionCheckFields
      }
      vendor {
        id
        name
        isVerified
        isOfficial
      }
      module {
        id
        name
        slug
        status
      }
      version {
        id
        version
        channel
        status
        hash
        sizeBytes
        withdrawnAt
        withdrawnReason
        manifest
        changelog
        isCompatibleWithPrevious
        submittedByName
        createdAt
        compatibility {
          id
          minCoreVersion
          maxCoreVersion
          matchingCoreVersions
          software {
            id
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
          module {
            id
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
          fromVersion {
            id
            version
          }
        }
      }
      diff {
        previousVersion {
          id
          version
        }
        compatibility {
          software {
            id
            name
          }
          before
          after
          change
        }
        dependencies {
          module {
            id
            slug
            name
          }
          before {
            minVersion
            isRequired
            dependencyType
          }
          after {
            minVersion
            isRequired
            dependencyType
          }
          change
        }
      }
    }
  }
`);
