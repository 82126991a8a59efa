import { graphql } from '../../../../gql';

export const ValidationCheckOverrideMutation = graphql(`
  mutation ValidationCheckOverride($input: ValidationCheckOverrideInput!) {
    validationCheckOverride(input: $input) {
      check {
        id
        status
        effective
        overrideReason
        overriddenAt
        overriddenByName
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
