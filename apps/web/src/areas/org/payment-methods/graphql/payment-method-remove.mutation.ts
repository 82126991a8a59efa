import { graphql } from '../../../../gql';

export const PaymentMethodRemoveMutation = graphql(`
  mutation PaymentMethodRemove($input: PaymentMethodIdInput!) {
    paymentMethodRemove(input: $input) {
      removedId
      errors {
        code
        field
        message
      }
    }
  }
`);
