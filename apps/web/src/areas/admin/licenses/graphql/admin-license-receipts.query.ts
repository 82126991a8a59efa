import { graphql } from '../../../../gql';

/** A license's receipts with what is left to refund (a cart's receipt: per line) (platform admins see every org's billing). */
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
        refundLines {
          purchaseId
          licenseId
          description
          moduleName
          total {
            ...MoneyFields
          }
          refunded {
            ...MoneyFields
          }
          refundable {
            ...MoneyFields
          }
        }
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
