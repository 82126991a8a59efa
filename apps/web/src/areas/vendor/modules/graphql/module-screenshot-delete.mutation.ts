import { graphql } from '../../../../gql';

export const ModuleScreenshotDeleteMutation = graphql(`
  mutation ModuleScreenshotDelete($input: ModuleScreenshotDeleteInput!) {
    moduleScreenshotDelete(input: $input) {
      errors {
        code
        field
        message
      }
      deletedScreenshotId
    }
  }
`);
