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
        }
        days {
          date
          activeUsers
          apiCalls
          errors
          avgResponseTimeMs
        }
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
