import type { LicenseDetailQuery } from '../../../gql/graphql';

/** The license as the detail page loads it (every card of the page takes it whole). */
export type LicenseDetail = LicenseDetailQuery['license'];
