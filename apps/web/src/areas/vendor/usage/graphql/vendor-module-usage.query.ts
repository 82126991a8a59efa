import { graphql } from '../../../../gql';

export const VendorModuleUsageQuery = graphql(`
  query VendorModuleUsage($moduleId: Int!, $from: String, $to: String) {
    vendorModuleUsage(moduleId: $moduleId, from: $from, to: $to) {
      from
      to
      latestReportDate
      module {
        id
        name
        vendorName
      }
      totals {
        peakActiveUsers
        apiCalls
        errors
        avgResponseTimeMs
        dataProcessedMb
        reportedDays
        errorRatePercent
      }
      latency {
        calls
        p50 {
          ms
          overflow
        }
        p95 {
          ms
          overflow
        }
        p99 {
          ms
          overflow
        }
      }
      groups {
        version
        coreVersion
        installs
        totals {
          peakActiveUsers
          apiCalls
          errors
          avgResponseTimeMs
          dataProcessedMb
          reportedDays
          errorRatePercent
        }
        latency {
          calls
          p50 {
            ms
            overflow
          }
          p95 {
            ms
            overflow
          }
          p99 {
            ms
            overflow
          }
        }
        days {
          date
          activeUsers
          apiCalls
          errors
          avgResponseTimeMs
        }
      }
      features {
        version
        feature
        count
        installs
      }
      errors {
        version
        coreVersion
        errorType
        errorMessage
        occurrences
        affectedInstalls
        lastSeenAt
      }
    }
  }
`);
