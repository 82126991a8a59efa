import { graphql } from '../../../../gql';

export const TaxRuleDeleteMutation = graphql(`
  mutation TaxRuleDelete($taxRuleId: Int!) {
    taxRuleDelete(input: { taxRuleId: $taxRuleId }) {
      deletedTaxRuleId
      errors {
        code
        field
        message
      }
    }
  }
`);
