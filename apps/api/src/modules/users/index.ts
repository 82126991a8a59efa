// The users module's public surface: other modules, jobs and the app import only this file.
export { User } from './user.types';
