import { graphql } from '../../../../gql';

/** Everything the module page shows: shared by the page and the vendor's listing preview. */
export const ModulePageFieldsFragment = graphql(`
  fragment ModulePageFields on CatalogModule {
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
    builtInto {
      id
      name
    }
    builtInEverywhere
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
      permissions {
        code
        description
      }
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
        ...MoneyFields
      }
      customRatePerDay {
        ...MoneyFields
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
    screenshots {
      id
      position
      altText
      url
      width
      height
    }
    support {
      email
      url
      documentationUrl
      sourceUrl
      issueTrackerUrl
      privacyPolicyUrl
    }
  }
`);
