import { graphql } from '../../../../gql';

export const OrgLicensesQuery = graphql(`
  query OrgLicenses($orgId: Int!, $filter: OrgLicensesFilter, $first: Int, $after: String) {
    orgLicenses(orgId: $orgId, filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          id
          licenseKey
          status
          startsAt
          expiresAt
          autoRenew
          cancelledAt
          isUsable
          module {
            ...ModuleRefFields
          }
          plan {
            id
            name
            planType
            billingCycle
          }
        }
      }
    }
  }
`);
