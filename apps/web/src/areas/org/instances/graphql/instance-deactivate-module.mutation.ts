import { graphql } from '../../../../gql';

export const InstanceDeactivateModuleMutation = graphql(`
  mutation InstanceDeactivateModule($input: InstanceDeactivateModuleInput!) {
    instanceDeactivateModule(input: $input) {
      instanceModule {
        id
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
