import { graphql } from '../../../../gql';

export const PaymentMethodSetDefaultMutation = graphql(`
  mutation PaymentMethodSetDefault($input: PaymentMethodIdInput!) {
    paymentMethodSetDefault(input: $input) {
      paymentMethod {
        id
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
