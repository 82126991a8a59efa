import { graphql } from '../../../../gql';

export const ModuleScreenshotsReorderMutation = graphql(`
  mutation ModuleScreenshotsReorder($input: ModuleScreenshotsReorderInput!) {
    moduleScreenshotsReorder(input: $input) {
      errors {
        code
        field
        message
      }
      screenshots {
        id
        position
      }
    }
  }
`);
