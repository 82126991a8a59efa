export { SessionsResolver } from './sessions.resolver';
export { alertIfNewDevice, deviceOf } from './sessions.service';
