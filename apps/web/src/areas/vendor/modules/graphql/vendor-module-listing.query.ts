import { graphql } from '../../../../gql';

export const VendorModuleListingQuery = graphql(`
  query VendorModuleListing($id: Int!) {
    vendorModule(id: $id) {
      id
      listingLinks {
        supportEmail
        supportUrl
        documentationUrl
        sourceUrl
        issueTrackerUrl
        privacyPolicyUrl
      }
      screenshots {
        id
        position
        altText
        url
        width
        height
      }
    }
  }
`);
