import { graphql } from '../../../../gql';

export const InstanceActivateModuleMutation = graphql(`
  mutation InstanceActivateModule($input: InstanceActivateModuleInput!) {
    instanceActivateModule(input: $input) {
      instanceModule {
        id
        isActive
        version {
          id
          version
        }
      }
      errors {
        code
        field
        message
      }
      hints {
        code
        message
      }
    }
  }
`);
