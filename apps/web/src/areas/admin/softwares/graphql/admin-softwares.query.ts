import { graphql } from '../../../../gql';

export const AdminSoftwaresQuery = graphql(`
  query AdminSoftwares {
    adminSoftwares {
      id
      name
      slug
      installPath
      namespace
      isActive
      createdAt
      cores {
        id
        name
        version
        artifactPaths
        hash
        validationStatus
        metadata
        createdAt
        apiSurface {
          coreId
          classes
          functions
          hooks
        }
      }
      coreModules {
        id
        markedAt
        markedByName
        module {
          ...ModuleListingFields
        }
      }
      coreModuleCandidates {
        id
        name
      }
      permissions {
        id
        code
        description
        versionCount
      }
    }
  }
`);
