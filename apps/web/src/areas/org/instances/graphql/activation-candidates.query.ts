import { graphql } from '../../../../gql';

export const ActivationCandidatesQuery = graphql(`
  query ActivationCandidates($instanceId: Int!) {
    instanceActivationCandidates(instanceId: $instanceId) {
      licensed
      activeOnInstance
      module {
        ...ModuleListingFields
      }
    }
  }
`);
