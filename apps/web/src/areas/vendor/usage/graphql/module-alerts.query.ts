import { graphql } from '../../../../gql';

export const ModuleAlertsQuery = graphql(`
  query ModuleAlerts($moduleId: Int!) {
    moduleAlertRules(moduleId: $moduleId) {
      id
      kind
      thresholdPercent
      enabled
      firing
      createdAt
    }
    moduleAlertIncidents(moduleId: $moduleId, first: 10) {
      totalCount
      edges {
        node {
          id
          kind
          openedAt
          clearedAt
          windowDate
          apiCalls
          errors
          errorRatePercent
          thresholdPercent
          errorType
          errorMessage
        }
      }
    }
  }
`);
