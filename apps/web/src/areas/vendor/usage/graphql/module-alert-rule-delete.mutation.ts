import { graphql } from '../../../../gql';

export const ModuleAlertRuleDeleteMutation = graphql(`
  mutation ModuleAlertRuleDelete($input: ModuleAlertRuleDeleteInput!) {
    moduleAlertRuleDelete(input: $input) {
      deletedId
      errors {
        code
        field
        message
      }
    }
  }
`);
