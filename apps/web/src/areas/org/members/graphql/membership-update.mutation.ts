import { graphql } from '../../../../gql';

export const MembershipUpdateMutation = graphql(`
  mutation MembershipUpdate($input: MembershipUpdateInput!) {
    membershipUpdate(input: $input) {
      member {
        id
        role
        permissions
        effectivePermissions
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
