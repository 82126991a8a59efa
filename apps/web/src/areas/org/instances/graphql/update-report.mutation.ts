import { graphql } from '../../../../gql';

export const InstanceModuleUpdateReportMutation = graphql(`
  mutation InstanceModuleUpdateReport($input: InstanceModuleUpdateReportInput!) {
    instanceModuleUpdateReport(input: $input) {
      update {
        id
        status
        completedAt
        errorMessage
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
