import { graphql } from '../../../../gql';

/** Registered softwares and their core versions, for the compatibility editor. */
export const CompatSoftwaresQuery = graphql(`
  query CompatSoftwares {
    softwares {
      id
      slug
      name
      cores {
        id
        version
        validationStatus
      }
    }
  }
`);
