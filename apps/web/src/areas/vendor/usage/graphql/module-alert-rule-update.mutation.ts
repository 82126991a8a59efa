import { graphql } from '../../../../gql';

export const ModuleAlertRuleUpdateMutation = graphql(`
  mutation ModuleAlertRuleUpdate($input: ModuleAlertRuleUpdateInput!) {
    moduleAlertRuleUpdate(input: $input) {
      rule {
        id
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
