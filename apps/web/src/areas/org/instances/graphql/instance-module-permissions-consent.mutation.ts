import { graphql } from '../../../../gql';

export const InstanceModulePermissionsConsentMutation = graphql(`
  mutation InstanceModulePermissionsConsent($input: InstanceModulePermissionsConsentInput!) {
    instanceModulePermissionsConsent(input: $input) {
      consent {
        id
        consentedAt
        consentedByName
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
