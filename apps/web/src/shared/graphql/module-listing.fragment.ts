import { graphql } from '../../gql';

/**
 * A module as an instance lists it (`InstanceModuleListing`): enough to name it, link to its page and
 * say who sells it. The org's instance pages and the admin's core modules spread it
 * (`module { ...ModuleListingFields }`).
 */
export const ModuleListingFieldsFragment = graphql(`
  fragment ModuleListingFields on InstanceModuleListing {
    id
    slug
    name
    vendorName
  }
`);
