import { graphql } from '../../../../gql';

export const ModuleAlertRuleCreateMutation = graphql(`
  mutation ModuleAlertRuleCreate($input: ModuleAlertRuleCreateInput!) {
    moduleAlertRuleCreate(input: $input) {
      rule {
        id
        kind
        thresholdPercent
        enabled
        firing
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
