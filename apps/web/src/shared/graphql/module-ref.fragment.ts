import { graphql } from '../../gql';

/**
 * The module a license, a purchase or a checkout line is for (`ModuleRef`): enough to name it, link
 * to its page and say who sells it. The org's licenses and the storefront's checkout spread it
 * (`module { ...ModuleRefFields }`).
 */
export const ModuleRefFieldsFragment = graphql(`
  fragment ModuleRefFields on ModuleRef {
    id
    slug
    name
    vendorName
  }
`);
