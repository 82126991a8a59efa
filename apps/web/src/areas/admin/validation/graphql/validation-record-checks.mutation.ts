import { graphql } from '../../../../gql';

export const ValidationRecordChecksMutation = graphql(`
  mutation ValidationRecordChecks($input: ValidationRecordChecksInput!) {
    validationRecordChecks(input: $input) {
      submission {
        id
        checks {
          kind
          passed
          notes
        }
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
