import { graphql } from '../../../../gql';

/** Choices of the catalog filters: softwares and their cores, categories, vendors. */
export const CatalogFacetsQuery = graphql(`
  query CatalogFacets {
    softwares {
      id
      name
      slug
      cores {
        id
        name
        version
        validationStatus
      }
    }
    catalogCategories {
      name
      moduleCount
    }
    catalogVendors {
      moduleCount
      vendor {
        id
        name
        slug
        isOfficial
        isVerified
      }
    }
  }
`);
