import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { DependencyType, ValidationStatus } from '@wk/db';
import { UserError } from '../../core/errors';
import { ValidationError } from './validation.errors';
import { PageArgs } from '../../core/pagination';
import { LinkedModule, LinkedSoftware, LinkedVersion, ModuleSubmission } from '../publishing';

export enum DeclarationChange {
  ADDED = 'ADDED',
  REMOVED = 'REMOVED',
  CHANGED = 'CHANGED',
  UNCHANGED = 'UNCHANGED',
}
registerEnumType(DeclarationChange, {
  name: 'DeclarationChange',
  description: 'How a declaration differs from the previous approved version.',
});

@InputType()
export class AdminValidationQueueFilter {
  @Field(() => Int, { nullable: true }) vendorId?: number | null;
  @Field(() => Int, { nullable: true }) moduleId?: number | null;
  @Field(() => ValidationStatus, { nullable: true, description: 'Omit for every status.' }) status?: ValidationStatus | null;
}

@ArgsType()
export class AdminValidationQueueArgs extends PageArgs {
  @Field(() => AdminValidationQueueFilter, { nullable: true }) filter?: AdminValidationQueueFilter | null;
}

@ObjectType({ description: 'Core compatibility of one software: the ranges before (previous approved version) and after (this version).' })
export class CompatibilityDiffEntry {
  @Field(() => LinkedSoftware) software!: LinkedSoftware;
  @Field(() => [String], { description: 'Ranges such as "1.9.0 – 1.9.5" or "2.0.0 – any".' }) before!: string[];
  @Field(() => [String]) after!: string[];
  @Field(() => DeclarationChange) change!: DeclarationChange;
}

@ObjectType()
export class DependencyTerms {
  @Field(() => String) minVersion!: string;
  @Field(() => Boolean) isRequired!: boolean;
  @Field(() => DependencyType) dependencyType!: DependencyType;
}

@ObjectType()
export class DependencyDiffEntry {
  @Field(() => LinkedModule) module!: LinkedModule;
  @Field(() => DependencyTerms, { nullable: true }) before!: DependencyTerms | null;
  @Field(() => DependencyTerms, { nullable: true }) after!: DependencyTerms | null;
  @Field(() => DeclarationChange) change!: DeclarationChange;
}

@ObjectType({ description: "What this version declares differently from the module's previous approved version." })
export class SubmissionDiff {
  @Field(() => LinkedVersion, { nullable: true, description: 'null: the first version of the module to be reviewed.' })
  previousVersion!: LinkedVersion | null;
  @Field(() => [CompatibilityDiffEntry]) compatibility!: CompatibilityDiffEntry[];
  @Field(() => [DependencyDiffEntry]) dependencies!: DependencyDiffEntry[];
}

@InputType()
export class ValidationRecordChecksInput {
  @Field(() => Int) validationId!: number;
  @Field(() => Boolean, { nullable: true }) securityScanPassed?: boolean | null;
  @Field(() => String, { nullable: true }) @MaxLength(5000) securityScanNotes?: string | null;
  @Field(() => Boolean, { nullable: true }) codeReviewPassed?: boolean | null;
  @Field(() => String, { nullable: true }) @MaxLength(5000) codeReviewNotes?: string | null;
  @Field(() => Boolean, { nullable: true }) performanceTested?: boolean | null;
  @Field(() => String, { nullable: true }) @MaxLength(5000) performanceNotes?: string | null;
}

@InputType()
export class ValidationApproveInput {
  @Field(() => Int) validationId!: number;
  @Field(() => String, { nullable: true }) @MaxLength(5000) notes?: string | null;
}

@InputType()
export class ValidationRejectInput {
  @Field(() => Int) validationId!: number;
  @Field(() => String, { description: 'Why, for the vendor (required).' }) @MaxLength(5000) notes!: string;
}

@ObjectType()
export class ValidationPayload {
  @Field(() => ModuleSubmission, { nullable: true }) submission!: ModuleSubmission | null;
  @Field(() => [ValidationError]) errors!: UserError[];
}
