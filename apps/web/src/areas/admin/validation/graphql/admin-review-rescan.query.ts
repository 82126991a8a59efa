import { graphql } from '../../../../gql';

export const AdminReviewRescanQuery = graphql(`
  query AdminReviewRescan {
    adminReviewRescan {
      id
      reason
      total
      createdAt
      progress {
        queued
        running
        passed
        failed
        errored
        failedVersions {
          versionId
          moduleId
          moduleName
          version
          status
          failedChecks
          validationId
        }
      }
    }
  }
`);
