import { graphql } from '../../../../gql';

export const BillingCountriesQuery = graphql(`
  query BillingCountries {
    countries {
      code
      name
    }
  }
`);
