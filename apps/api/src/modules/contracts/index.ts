// The contracts module's public surface (a module's contract versions, EULA or custom): other modules, jobs and the app
// import only this file.
export { VendorContract } from './contract.types';
export { currentContract } from './contract.service';
