import { graphql } from '../../../../gql';

export const OrgBillingHistoryQuery = graphql(`
  query OrgBillingHistory($orgId: Int!, $first: Int, $after: String) {
    orgBillingTotals(orgId: $orgId) {
      currency
      documents
      charged {
        amount
        currency
      }
      refunded {
        amount
        currency
      }
      net {
        amount
        currency
      }
    }
    orgBillingHistory(orgId: $orgId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          kind
          number
          issuedAt
          description
          amount {
            amount
            currency
          }
          runningTotal {
            amount
            currency
          }
          creditsInvoiceNumber
          pdfUrl
        }
      }
    }
  }
`);
