// The updates module's public surface: other modules, jobs and the app import only this file.
export { reportUpdate, updatePathFor } from './update.service';
