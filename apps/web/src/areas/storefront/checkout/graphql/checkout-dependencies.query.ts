import { graphql } from '../../../../gql';

/** The dependencies to buy with a module: required lines, satisfied ones, optional offers. */
export const CheckoutDependenciesQuery = graphql(`
  query CheckoutDependencies($input: CheckoutDependenciesInput!) {
    checkoutDependencies(input: $input) {
      compatible
      version {
        id
        version
      }
      instance {
        id
        name
        softwareName
        coreVersion
      }
      instanceCount
      required {
        ...CartDependencyFields
      }
      satisfied {
        ...CartDependencyFields
      }
      optional {
        ...CartDependencyFields
      }
    }
  }

  fragment CartDependencyFields on CartDependency {
    role
    reason
    minVersion
    compatible
    held
    builtIn
    selected
    module {
      ...ModuleRefFields
    }
    version {
      id
      version
    }
    plans {
      ...CheckoutPlanFields
    }
    contract {
      ...CheckoutContractFields
    }
  }
`);
