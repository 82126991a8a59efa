import { graphql } from '../../../../gql';

export const MySignInsQuery = graphql(`
  query MySignIns($first: Int, $after: String) {
    mySignIns(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          id
          at
          outcome
          device
          ipAddress
        }
      }
    }
  }
`);
