import { graphql } from '../../../../gql';

export const ModuleListingLinksUpdateMutation = graphql(`
  mutation ModuleListingLinksUpdate($input: ModuleListingLinksUpdateInput!) {
    moduleListingLinksUpdate(input: $input) {
      errors {
        code
        field
        message
      }
      links {
        supportEmail
        supportUrl
        documentationUrl
        sourceUrl
        issueTrackerUrl
        privacyPolicyUrl
      }
    }
  }
`);
