import { graphql } from '../../../../gql';

/** A re-scan of approved versions and its progress: the banner and the failed-versions list read the same fields. */
export const ReviewRescanFieldsFragment = graphql(`
  fragment ReviewRescanFields on ReviewRescan {
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
`);
