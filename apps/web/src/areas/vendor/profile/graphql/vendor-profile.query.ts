import { graphql } from '../../../../gql';

export const VendorProfileQuery = graphql(`
  query VendorProfile($vendorId: Int!) {
    managedVendor(id: $vendorId) {
      id
      name
      slug
      description
      website
      supportEmail
      isOfficial
      isVerified
      commissionRate
      owner {
        kind
        userName
        orgName
      }
      commissionHistory {
        id
        commissionRate
        effectiveFrom
        effectiveTo
      }
    }
  }
`);
