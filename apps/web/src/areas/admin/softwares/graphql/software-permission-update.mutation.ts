import { graphql } from '../../../../gql';

export const SoftwarePermissionUpdateMutation = graphql(`
  mutation SoftwarePermissionUpdate($input: SoftwarePermissionUpdateInput!) {
    softwarePermissionUpdate(input: $input) {
      permission {
        id
        code
        description
        versionCount
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
