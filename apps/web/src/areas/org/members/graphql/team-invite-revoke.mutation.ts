import { graphql } from '../../../../gql';

export const TeamInviteRevokeMutation = graphql(`
  mutation TeamInviteRevoke($id: Int!) {
    teamInviteRevoke(id: $id) {
      invite {
        id
        status
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
