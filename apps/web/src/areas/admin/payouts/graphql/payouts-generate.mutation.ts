import { graphql } from '../../../../gql';

export const PayoutsGenerateMutation = graphql(`
  mutation PayoutsGenerate($input: PayoutsGenerateInput!) {
    payoutsGenerate(input: $input) {
      createdCount
      updatedCount
      errors {
        code
        field
        message
      }
      payouts {
        id
        vendorName
        month
        status
      }
    }
  }
`);
