import { graphql } from '../../../../gql';

export const ModuleReviewReplyMutation = graphql(`
  mutation ModuleReviewReply($input: ModuleReviewReplyInput!) {
    moduleReviewReply(input: $input) {
      errors {
        code
        field
        message
      }
      review {
        id
        vendorReply {
          body
          vendorName
          repliedAt
          editedAt
        }
      }
    }
  }
`);
