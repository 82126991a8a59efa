import { graphql } from '../../../../gql';

/** The dashboard of one vendor: its profile, modules (every status) and latest submissions. */
export const VendorOverviewQuery = graphql(`
  query VendorOverview($vendorId: Int!) {
    managedVendor(id: $vendorId) {
      id
      name
      slug
      isOfficial
      isVerified
      commissionRate
      moduleCount
    }
    vendorModules(vendorId: $vendorId, first: 100) {
      totalCount
      edges {
        node {
          id
          slug
          name
          status
          iconUrl
          shortDescription
          latestApprovedVersion {
            id
            version
          }
          versions {
            id
            version
            stage
          }
        }
      }
    }
    vendorSubmissions(vendorId: $vendorId, first: 20) {
      totalCount
      edges {
        node {
          id
          status
          submittedAt
          reviewedAt
          notes
          reviewerName
          checks {
            kind
            passed
            notes
          }
          version {
            id
            version
          }
          module {
            id
            name
          }
        }
      }
    }
  }
`);
