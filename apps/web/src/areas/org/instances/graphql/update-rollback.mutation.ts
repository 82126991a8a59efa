import { graphql } from '../../../../gql';

export const InstanceModuleUpdateRollbackMutation = graphql(`
  mutation InstanceModuleUpdateRollback($input: InstanceModuleUpdateRollbackInput!) {
    instanceModuleUpdateRollback(input: $input) {
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
