import { graphql } from '../../../../gql';

export const InstanceCredentialsQuery = graphql(`
  query InstanceCredentials($instanceId: Int!) {
    instanceCredentials(instanceId: $instanceId) {
      id
      keyId
      name
      createdAt
      lastUsedAt
      revokedAt
    }
  }
`);
