import { graphql } from '../../../../gql';

export const InstanceCredentialCreateMutation = graphql(`
  mutation InstanceCredentialCreate($input: InstanceCredentialCreateInput!) {
    instanceCredentialCreate(input: $input) {
      credential {
        id
        keyId
        name
        createdAt
        lastUsedAt
        revokedAt
      }
      secret
      errors {
        code
        field
        message
      }
    }
  }
`);
