import { graphql } from '../../../../gql';

export const OrgBillingHistoryQuery = graphql(`
  query OrgBillingHistory($orgId: Int!, $first: Int, $after: String) {
    orgBillingTotals(orgId: $orgId) {
      currency
      documents
      charged {
        ...MoneyFields
      }
      refunded {
        ...MoneyFields
      }
      net {
        ...MoneyFields
      }
    }
    orgBillingHistory(orgId: $orgId, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          id
          kind
          number
          issuedAt
          description
          amount {
            ...MoneyFields
          }
          runningTotal {
            ...MoneyFields
          }
          creditsInvoiceNumber
          pdfUrl
        }
      }
    }
  }
`);
