import { graphql } from '../../../gql';

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
            moduleName
            version
            status
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
