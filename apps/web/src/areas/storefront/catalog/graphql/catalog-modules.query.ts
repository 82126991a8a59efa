import { graphql } from '../../../../gql';

/** One page of catalog cards. `compatibleVersionsWith` only when a core version is chosen. */
export const CatalogModulesQuery = graphql(`
  query CatalogModules(
    $filter: CatalogFilter
    $sort: CatalogSort
    $first: Int
    $after: String
    $withCompat: Boolean!
    $coreVersion: String!
    $software: String
  ) {
    catalogModules(filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount
      totalCountIsExact
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          id
          slug
          name
          iconUrl
          shortDescription
          category
          type
          ratingAverage
          ratingCount
          activeInstalls
          vendor {
            id
            name
            slug
            isOfficial
            isVerified
          }
          builtInto {
            id
            name
          }
          priceSummary {
            label
            isFree
          }
          latestVersion {
            id
            version
            status
          }
          compatibleVersionsWith(coreVersion: $coreVersion, software: $software) @include(if: $withCompat)
        }
      }
    }
  }
`);
