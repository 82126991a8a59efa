import { graphql } from '../../../../gql';

export const InstanceUpdateMutation = graphql(`
  mutation InstanceUpdate($input: InstanceUpdateInput!) {
    instanceUpdate(input: $input) {
      instance {
        id
        name
        environment
        domain
        core {
          id
          name
          version
          validationStatus
        }
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
