/** Core modules: the public face of this module for the others. */
export { builtInEverywhere, builtInModulesFor, withBuiltIns, isCoreModule } from './core-module.service';
