import { graphql } from '../../../../gql';

/** The vendor's own module as buyers will see it (any status; vendor members only). */
export const VendorModulePreviewQuery = graphql(`
  query VendorModulePreview($moduleId: Int!) {
    vendorModulePreview(moduleId: $moduleId) {
      ...ModulePageFields
    }
  }
`);
