import { graphql } from '../../../../gql';

export const TaxRuleCreateMutation = graphql(`
  mutation TaxRuleCreate($input: TaxRuleCreateInput!) {
    taxRuleCreate(input: $input) {
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
