// The organizations module's public surface: other modules, jobs and the app import only this file.
export { Membership, Organization } from './organization.types';
