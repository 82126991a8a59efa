import { graphql } from '../../../../gql';

export const InstanceUsageQuery = graphql(`
  query InstanceUsage($instanceId: Int!, $from: String, $to: String) {
    instanceUsage(instanceId: $instanceId, from: $from, to: $to) {
      from
      to
      latestReportDate
      modules {
        instanceModule {
          id
          isActive
        }
        module {
          id
          name
        }
        days {
          date
          activeUsers
          apiCalls
          errors
          avgResponseTimeMs
          dataProcessedMb
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
