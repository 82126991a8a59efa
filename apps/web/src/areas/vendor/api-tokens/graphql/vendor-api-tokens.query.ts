import { graphql } from '../../../../gql';

export const VendorApiTokensQuery = graphql(`
  query VendorApiTokens($vendorId: Int!) {
    vendorApiTokens(vendorId: $vendorId) {
      id
      name
      prefix
      scopes
      createdAt
      createdByName
      lastUsedAt
      expiresAt
      revokedAt
      isActive
    }
  }
`);
