import { graphql } from '../../../../gql';

export const InstanceCreateMutation = graphql(`
  mutation InstanceCreate($input: InstanceCreateInput!) {
    instanceCreate(input: $input) {
      instance {
        id
        name
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
