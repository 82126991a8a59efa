import { graphql } from '../../../../gql';

export const VendorUsageSummaryQuery = graphql(`
  query VendorUsageSummary($vendorId: Int!, $from: String, $to: String) {
    vendorUsageSummary(vendorId: $vendorId, from: $from, to: $to) {
      from
      to
      modules {
        installs
        module {
          id
          slug
          name
        }
        totals {
          peakActiveUsers
          apiCalls
          errors
          avgResponseTimeMs
          dataProcessedMb
          reportedDays
        }
      }
    }
  }
`);
