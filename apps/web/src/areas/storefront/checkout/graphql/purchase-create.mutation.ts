import { graphql } from '../../../../gql';

export const PurchaseCreateMutation = graphql(`
  mutation PurchaseCreate($input: PurchaseCreateInput!) {
    purchaseCreate(input: $input) {
      replayed
      errors {
        code
        field
        message
      }
      purchase {
        id
      }
      license {
        id
        licenseKey
      }
    }
  }
`);
