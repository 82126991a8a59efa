import { graphql } from '../../../../gql';

/** A license's receipts with what is left to refund (platform admins see every org's billing). */
export const AdminLicenseReceiptsQuery = graphql(`
  query AdminLicenseReceipts($id: Int!) {
    license(id: $id) {
      id
      receipts {
        id
        number
        issuedAt
        total {
          ...MoneyFields
        }
        refundableAmount
        creditNotes {
          id
          number
          amount {
            ...MoneyFields
          }
        }
      }
    }
  }
`);
