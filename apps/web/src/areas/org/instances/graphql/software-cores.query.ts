import { graphql } from '../../../../gql';

/** Registered core versions (validated or pending; rejected ones are never offered). */
export const InstanceCoreChoicesQuery = graphql(`
  query InstanceCoreChoices {
    softwares {
      id
      name
      cores {
        id
        name
        version
        validationStatus
      }
    }
  }
`);
