import { graphql } from '../../../../gql';

export const SoftwareCoreCreateMutation = graphql(`
  mutation SoftwareCoreCreate($input: SoftwareCoreCreateInput!) {
    softwareCoreCreate(input: $input) {
      core {
        id
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
