import { graphql } from '../../../gql';

export const UnreadNotificationCountQuery = graphql(`
  query UnreadNotificationCount {
    myUnreadNotificationCount
  }
`);
