export { alertIfNewDevice, deviceOf } from './sessions.service';
