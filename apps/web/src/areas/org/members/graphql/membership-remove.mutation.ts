import { graphql } from '../../../../gql';

export const MembershipRemoveMutation = graphql(`
  mutation MembershipRemove($membershipId: Int!) {
    membershipRemove(membershipId: $membershipId) {
      removedMembershipId
      errors {
        code
        field
        message
      }
    }
  }
`);
