import { graphql } from '../../../../gql';

export const InstanceCredentialRevokeMutation = graphql(`
  mutation InstanceCredentialRevoke($id: Int!) {
    instanceCredentialRevoke(id: $id) {
      credential {
        id
        revokedAt
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
