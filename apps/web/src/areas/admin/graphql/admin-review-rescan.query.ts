import { graphql } from '../../../gql';

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
          moduleName
          version
          status
          validationId
        }
      }
    }
  }
`);
