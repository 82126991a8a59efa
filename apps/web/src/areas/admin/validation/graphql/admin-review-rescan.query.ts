import { graphql } from '../../../../gql';

export const AdminReviewRescanQuery = graphql(`
  query AdminReviewRescan {
    adminReviewRescan {
      ...ReviewRescanFields
    }
  }
`);
