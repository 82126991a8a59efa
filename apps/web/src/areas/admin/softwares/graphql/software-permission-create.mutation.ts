import { graphql } from '../../../../gql';

export const SoftwarePermissionCreateMutation = graphql(`
  mutation SoftwarePermissionCreate($input: SoftwarePermissionCreateInput!) {
    softwarePermissionCreate(input: $input) {
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
