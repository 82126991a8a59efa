import { graphql } from '../../../../gql';

export const SoftwarePermissionDeleteMutation = graphql(`
  mutation SoftwarePermissionDelete($input: SoftwarePermissionDeleteInput!) {
    softwarePermissionDelete(input: $input) {
      id
      errors {
        code
        field
        message
      }
    }
  }
`);
