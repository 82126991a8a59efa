import { graphql } from '../../../../gql';

export const SoftwareUpdateMutation = graphql(`
  mutation SoftwareUpdate($input: SoftwareUpdateInput!) {
    softwareUpdate(input: $input) {
      software {
        id
        name
        isActive
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
