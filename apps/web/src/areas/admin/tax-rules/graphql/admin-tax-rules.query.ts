import { graphql } from '../../../../gql';

export const AdminTaxRulesQuery = graphql(`
  query AdminTaxRules($filter: AdminTaxRulesFilter) {
    adminTaxRules(filter: $filter, first: 100) {
      totalCount
      edges {
        node {
          id
          countryCode
          region
          taxName
          taxRate
          isActive
          effectiveFrom
          effectiveTo
        }
      }
    }
  }
`);
