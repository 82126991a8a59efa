import { graphql } from '../../../../gql';

export const PaymentMethodAddMutation = graphql(`
  mutation PaymentMethodAdd($input: PaymentMethodAddInput!) {
    paymentMethodAdd(input: $input) {
      paymentMethod {
        id
        label
        isDefault
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
