import { graphql } from '../../../../gql';

export const InstanceDeactivateMutation = graphql(`
  mutation InstanceDeactivate($id: Int!) {
    instanceDeactivate(id: $id) {
      instance {
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
