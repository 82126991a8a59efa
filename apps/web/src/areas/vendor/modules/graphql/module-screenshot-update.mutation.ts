import { graphql } from '../../../../gql';

export const ModuleScreenshotUpdateMutation = graphql(`
  mutation ModuleScreenshotUpdate($input: ModuleScreenshotUpdateInput!) {
    moduleScreenshotUpdate(input: $input) {
      errors {
        code
        field
        message
      }
      screenshot {
        id
        altText
      }
    }
  }
`);
