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
          amount
          currency
        }
        planPrice {
          amount
          currency
        }
        reason
        protectedUntil
        thenPrice {
          amount
          currency
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
          amount
          currency
        }
        credit {
          amount
          currency
        }
      }
      module {
        id
        slug
        name
        vendorName
      }
      plan {
        id
        name
        planType
        billingCycle
        price {
          amount
          currency
        }
        ratePerDay {
          amount
          currency
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
          amount
          currency
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
          amount
          currency
        }
        downloadUrl
      }
      creditNotes @include(if: $withReceipts) {
        id
        number
        receiptNumber
        issuedAt
        amount {
          amount
          currency
        }
        isFull
        reason
      }
    }
  }
`);
