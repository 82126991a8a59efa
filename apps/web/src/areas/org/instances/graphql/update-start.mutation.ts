import { graphql } from '../../../../gql';

export const InstanceModuleUpdateStartMutation = graphql(`
  mutation InstanceModuleUpdateStart($input: InstanceModuleUpdateStartInput!) {
    instanceModuleUpdateStart(input: $input) {
      update {
        id
        status
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
