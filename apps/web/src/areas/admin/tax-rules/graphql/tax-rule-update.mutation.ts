import { graphql } from '../../../../gql';

export const TaxRuleUpdateMutation = graphql(`
  mutation TaxRuleUpdate($input: TaxRuleUpdateInput!) {
    taxRuleUpdate(input: $input) {
      taxRule {
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
