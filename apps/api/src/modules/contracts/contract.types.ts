import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { ContractType } from '@wk/db';
import { UserError } from '../../core/errors';
import { PublishingError } from '../publishing';

@ObjectType({ description: 'A contract version of a module (EULA or custom).' })
export class VendorContract {
  @Field(() => Int) id!: number;
  moduleId!: number;
  @Field(() => String) version!: string;
  @Field(() => ContractType) contractType!: ContractType;
  @Field(() => String, { nullable: true }) termsUrl!: string | null;
  @Field(() => String, { nullable: true, description: 'Markdown.' }) body!: string | null;
  @Field(() => Date) effectiveFrom!: Date;
  @Field(() => Boolean, { description: 'false: withdrawn before it took effect.' }) isActive!: boolean;
  @Field(() => Date) createdAt!: Date;
}

@InputType()
export class ModuleContractCreateInput {
  @Field(() => Int) moduleId!: number;
  @Field(() => String, { description: 'e.g. "1.1"; greater than every earlier version.' }) @MaxLength(20) version!: string;
  @Field(() => ContractType) contractType!: ContractType;
  @Field(() => String, { nullable: true }) @MaxLength(1000) termsUrl?: string | null;
  @Field(() => String, { nullable: true, description: 'Markdown.' }) @MaxLength(100000) body?: string | null;
  @Field(() => Date, { nullable: true, description: 'When it becomes the active contract (default now; never in the past).' })
  effectiveFrom?: Date | null;
}

@InputType()
export class ModuleContractIdInput {
  @Field(() => Int) contractId!: number;
}

@ObjectType()
export class ModuleContractPayload {
  @Field(() => VendorContract, { nullable: true }) contract!: VendorContract | null;
  @Field(() => [PublishingError]) errors!: UserError[];
}
