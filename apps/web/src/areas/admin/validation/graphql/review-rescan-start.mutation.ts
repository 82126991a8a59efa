import { graphql } from '../../../../gql';

export const ReviewRescanStartMutation = graphql(`
  mutation ReviewRescanStart($input: ReviewRescanStartInput!) {
    reviewRescanStart(input: $input) {
      rescan {
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
      errors {
        code
        field
        message
      }
    }
  }
`);
