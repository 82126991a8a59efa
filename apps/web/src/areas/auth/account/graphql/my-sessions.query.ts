import { graphql } from '../../../../gql';

export const MySessionsQuery = graphql(`
  query MySessions {
    mySessions {
      id
      device
      ipAddress
      createdAt
      lastSeenAt
      current
    }
  }
`);
