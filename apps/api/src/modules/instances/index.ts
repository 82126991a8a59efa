// The instances module's public surface: other modules, jobs and the app import only this file.
export {
  ActivationLogConnection,
  ActivationLogEntry,
  Instance,
  InstanceLicense,
  InstanceModule,
  InstanceModuleListing,
  InstanceModuleRelease,
  InstanceModuleUpdate,
} from './instance.types';
export { toLicense, toListing, toRelease } from './instance.mappers';
export { instanceLoaders } from './instance.loaders';
export { authenticateInstanceCredential, requireInstance, requireInstanceModule } from './instance.service';
export type { AuthenticatedInstance, InstanceWithCore } from './instance.service';
export {
  HEARTBEAT_WINDOW_MAX,
  HEARTBEAT_WINDOW_MIN,
  floatingWindow,
  freeStaleSeats,
  parseHeartbeatBody,
  recordHeartbeat,
  seatsInUse,
  staleSeatSql,
} from './seats';
