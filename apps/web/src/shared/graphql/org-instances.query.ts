import { graphql } from '../../gql';

export const OrgInstancesQuery = graphql(`
  query OrgInstances($orgId: Int!, $includeInactive: Boolean, $first: Int, $after: String) {
    orgInstances(orgId: $orgId, includeInactive: $includeInactive, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          id
          name
          environment
          domain
          isActive
          createdAt
          core {
            id
            name
            version
            validationStatus
          }
          modules {
            id
            module {
              id
              name
            }
            version {
              id
              version
            }
          }
        }
      }
    }
  }
`);
