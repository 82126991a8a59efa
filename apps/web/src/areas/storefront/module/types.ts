import type { ModulePageQuery } from '../../../gql/graphql';

export type ModuleDetail = ModulePageQuery['module'];
export type ModuleVersion = ModuleDetail['versions'][number];
export type ModulePlan = ModuleDetail['plans'][number];
export type InstanceHint = ModuleDetail['compatibleInstances'][number];
