import { graphql } from '../../../../gql';

export const LicenseDetailQuery = graphql(`
  query LicenseDetail($id: Int!, $withReceipts: Boolean!) {
    license(id: $id) {
      id
      orgId
      licenseKey
      status
      startsAt
      expiresAt
      autoRenew
      cancelledAt
      renewalAttempts
      nextRetryAt
      isUsable
      paymentMethodLabel
      createdAt
      inTrial
      trialEndsAt
      nextRenewalPrice {
        renewsAt
        price {
          ...MoneyFields
        }
        planPrice {
          ...MoneyFields
        }
        reason
        protectedUntil
        thenPrice {
          ...MoneyFields
        }
        priceChangedAt
        explanation
      }
      userLimit {
        activeUsers
        maxUsers
        exceeded
      }
      planChanges {
        id
        kind
        status
        fromPlanName
        toPlanName
        effectiveAt
        charged {
          ...MoneyFields
        }
        credit {
          ...MoneyFields
        }
      }
      module {
        ...ModuleRefFields
      }
      plan {
        id
        name
        planType
        billingCycle
        price {
          ...MoneyFields
        }
        ratePerDay {
          ...MoneyFields
        }
        maxInstances
      }
      statusHistory {
        id
        oldStatus
        newStatus
        changedByName
        reason
        changedAt
      }
      renewals {
        id
        renewedAt
        periodStart
        periodEnd
        total {
          ...MoneyFields
        }
        status
        failureReason
        attempts
        receiptNumber
      }
      periods {
        id
        startsAt
        expiresAt
      }
      acceptances {
        id
        contractVersion
        contractType
        termsUrl
        acceptedByName
        acceptedAt
        ipAddress
      }
      activations {
        id
        instanceName
        environment
        domain
        version
        isActive
        activatedAt
      }
      receipts @include(if: $withReceipts) {
        id
        number
        issuedAt
        total {
          ...MoneyFields
        }
        downloadUrl
      }
      creditNotes @include(if: $withReceipts) {
        id
        number
        receiptNumber
        issuedAt
        amount {
          ...MoneyFields
        }
        isFull
        reason
      }
    }
  }
`);
