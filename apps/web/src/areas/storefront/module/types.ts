import type { ModulePageFieldsFragment } from '../../../gql/graphql';

export type ModuleDetail = ModulePageFieldsFragment;
export type ModuleVersion = ModuleDetail['versions'][number];
export type ModulePlan = ModuleDetail['plans'][number];
export type InstanceHint = ModuleDetail['compatibleInstances'][number];
