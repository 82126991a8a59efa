import { graphql } from '../../../../gql';

export const LicenseFileIssueMutation = graphql(`
  mutation LicenseFileIssue($input: LicenseFileIssueInput!) {
    licenseFileIssue(input: $input) {
      errors {
        code
        field
        message
      }
      licenseFile {
        content
        fileName
        keyId
        issuedAt
        validUntil
        entitlements
        maxInstances
        maxUsers
        encrypted
      }
    }
  }
`);
