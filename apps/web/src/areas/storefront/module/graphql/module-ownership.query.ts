import { graphql } from '../../../../gql';

/** The licenses through which an org holds a module now (for "you already own this"). */
export const ModuleOwnershipQuery = graphql(`
  query ModuleOwnership($orgId: Int!, $moduleId: Int!) {
    moduleOwnership(orgId: $orgId, moduleId: $moduleId) {
      id
      status
      expiresAt
      autoRenew
      cancelledAt
      inTrial
      plan {
        id
        name
      }
    }
  }
`);
