import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Min } from 'class-validator';
import { UserError } from '../../core/errors';
import { LicenseFileError } from './license-file.errors';

@InputType({ description: 'Issue a signed offline license file for an active license (manage_licenses).' })
export class LicenseFileIssueInput {
  @Field(() => Int) @Min(1) licenseId!: number;
  @Field(() => Boolean, { nullable: true, description: 'Encrypt the file with a key derived from the license key.' })
  encrypt?: boolean | null;
}

@ObjectType({ description: 'A signed license file (format wk-license/v1), as the text to save, with what it grants.' })
export class LicenseFileDownload {
  @Field(() => String, { description: 'The file (JSON) to save; verify it with wk-verify and the public key set.' }) content!: string;
  @Field(() => String) fileName!: string;
  @Field(() => String, { description: 'Id of the key that signed it (see /.well-known/webkernel-keys.json).' }) keyId!: string;
  @Field(() => Date) issuedAt!: Date;
  @Field(() => Date, { description: "The earlier of the license's end and the file's time to live." }) validUntil!: Date;
  @Field(() => [String]) entitlements!: string[];
  @Field(() => Int, { nullable: true }) maxInstances!: number | null;
  @Field(() => Int, { nullable: true }) maxUsers!: number | null;
  @Field(() => Boolean) encrypted!: boolean;
}

@ObjectType()
export class LicenseFileIssuePayload {
  @Field(() => LicenseFileDownload, { nullable: true }) licenseFile!: LicenseFileDownload | null;
  @Field(() => [LicenseFileError]) errors!: UserError[];
}
