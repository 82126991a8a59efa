// The publishing module's public surface: other modules, jobs and the app import only this file.
export {
  LinkedModule,
  LinkedSoftware,
  LinkedVersion,
  ModuleSubmission,
  ModuleSubmissionConnection,
  ModuleVersionIdInput,
  ModuleVersionPayload,
  VendorModule,
  VendorModuleVersion,
} from './publishing.types';
export { ErrorBag, clean, fail, toPayload } from './payload';
export { DeclarationErrorCode, PublishingError, PublishingErrorCode, UploadErrorCode } from './publishing.errors';
export { previousApprovedVersion } from './version-rules';
export { publishingLoaders } from './publishing.loaders';
export { createVersionFromUpload, moduleForWrite, recheckDeclarations, syncUpdateFlow, versionStage } from './publishing.service';
