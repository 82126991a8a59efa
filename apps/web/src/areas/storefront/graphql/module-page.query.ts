import { graphql } from '../../../gql';

/** Everything the module page shows (one request; the API answers it in ≤ 5 statements). */
export const ModulePageQuery = graphql(`
  query ModulePage($slug: String!) {
    module(slug: $slug) {
      id
      slug
      name
      type
      category
      iconUrl
      shortDescription
      description
      ratingAverage
      ratingCount
      activeInstalls
      publishedAt
      vendor {
        id
        name
        slug
        website
        description
        isOfficial
        isVerified
      }
      latestVersion {
        id
        version
        status
      }
      latestStableVersion {
        id
        version
      }
      latestBetaVersion {
        id
        version
      }
      priceSummary {
        label
        isFree
      }
      versions {
        id
        version
        status
        changelog
        releaseDate
        isDeprecated
        deprecatedAt
        isCompatibleWithPrevious
        compatibility {
          id
          minCoreVersion
          maxCoreVersion
          isVerified
          software {
            id
            name
          }
        }
      }
      dependencies {
        id
        dependencyType
        minVersion
        isRequired
        module {
          id
          slug
          name
          isListed
        }
      }
      integrations {
        id
        integrationType
        description
        isBidirectional
        module {
          id
          slug
          name
          isListed
        }
      }
      plans {
        id
        name
        planType
        billingCycle
        priceLabel
        price {
          amount
          currency
        }
        customRatePerDay {
          amount
          currency
        }
        featureList {
          key
          label
          included
          value
        }
        maxUsers
        maxInstances
        trialDays
      }
      contract {
        id
        version
        contractType
        termsUrl
        effectiveFrom
      }
      compatibilityMatrix {
        software {
          id
          name
        }
        cores {
          id
          name
          version
          validationStatus
        }
        rows {
          versionId
          version
          compatible
        }
      }
      compatibleInstances {
        instanceId
        instanceName
        environment
        domain
        organizationId
        organizationName
        softwareName
        coreVersion
        compatibleVersions
        recommendedVersion
        isCompatible
      }
    }
  }
`);
