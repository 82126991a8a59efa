import { graphql } from '../../../../gql';

export const ModuleContractWithdrawMutation = graphql(`
  mutation ModuleContractWithdraw($contractId: Int!) {
    moduleContractWithdraw(input: { contractId: $contractId }) {
      contract {
        id
        isActive
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
