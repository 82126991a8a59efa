import { graphql } from '../../gql';

/** What the vendor's version page and the admin's submission page show of each automated check. */
export const VersionCheckFieldsFragment = graphql(`
  fragment VersionCheckFields on VersionCheck {
    id
    kind
    status
    effective
    summary
    errorMessage
    finishedAt
    overrideReason
    overriddenAt
    overriddenByName
    findings {
      id
      ruleId
      severity
      file
      line
      message
      snippet
      snippetStartLine
      justification
      justificationSource
    }
  }
`);
