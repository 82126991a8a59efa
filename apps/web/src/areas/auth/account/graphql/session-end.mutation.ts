import { graphql } from '../../../../gql';

export const SessionEndMutation = graphql(`
  mutation SessionEnd($input: SessionEndInput!) {
    sessionEnd(input: $input) {
      ended
      errors {
        code
        field
        message
      }
    }
  }
`);

export const SessionsEndOthersMutation = graphql(`
  mutation SessionsEndOthers {
    sessionsEndOthers {
      ended
      errors {
        code
        field
        message
      }
    }
  }
`);
