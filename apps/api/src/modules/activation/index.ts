// The activation module's public surface: other modules, jobs and the app import only this file.
export {
  APPROVED_STATUSES,
  describeRanges,
  fitsCore,
  isApproved,
  recommendVersion,
  safeCompare,
  sortVersionsDesc,
} from './activation.rules';
