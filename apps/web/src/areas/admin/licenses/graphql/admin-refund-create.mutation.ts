import { graphql } from '../../../../gql';

export const AdminRefundCreateMutation = graphql(`
  mutation AdminRefundCreate($input: AdminRefundCreateInput!) {
    adminRefundCreate(input: $input) {
      errors {
        code
        field
        message
      }
      creditNote {
        id
        number
        amount {
          ...MoneyFields
        }
        isFull
        lines {
          description
          isFull
        }
      }
    }
  }
`);
