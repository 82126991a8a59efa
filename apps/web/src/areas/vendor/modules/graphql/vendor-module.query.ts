import { graphql } from '../../../../gql';

export const VendorModuleQuery = graphql(`
  query VendorModule($id: Int!) {
    vendorModule(id: $id) {
      id
      slug
      name
      type
      status
      shortDescription
      description
      category
      iconUrl
      createdAt
      publishedAt
      vendor {
        id
        name
      }
      versions {
        id
        version
        channel
        status
        stage
        hash
        sizeBytes
        releaseDate
        deprecatedAt
        createdAt
        replacedBy {
          id
          version
        }
        latestSubmission {
          id
          status
          notes
          submittedAt
          reviewedAt
        }
      }
      pricingPlans {
        id
        planType
        name
        price {
          ...MoneyFields
        }
        customRatePerDay {
          ...MoneyFields
        }
        currency
        billingCycle
        isActive
        features {
          key
          value
        }
        maxUsers
        maxInstances
        trialDays
        seatPolicy
        heartbeatWindowMinutes
        entitlements
        entitlementsFromFeatures
        licenseFileTtlDays
        sortOrder
        purchaseCount
      }
      contracts {
        id
        version
        contractType
        termsUrl
        body
        effectiveFrom
        isActive
        isCurrent
        acceptanceCount
      }
    }
  }
`);
