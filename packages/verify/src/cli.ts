#!/usr/bin/env node
/**
 * wk-verify: checks what Webkernel Marketplace signed, offline.
 *   wk-verify artifact <zip> --signature <signature.json> --keys <keyset.json> [--module slug] [--version x.y.z]
 *   wk-verify license <license.json> --keys <keyset.json> [--license-key KEY] [--now ISO-date]
 * Exit codes: 0 valid, 1 invalid (tampered, unknown key, expired…), 2 usage or unreadable input.
 */
import fs from 'node:fs';
import { verifyArtifact, verifyLicenseFile, type KeySet } from './index';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const USAGE = [
  'usage:',
  '  wk-verify artifact <zip> --signature <signature.json> --keys <keyset.json> [--module <slug>] [--version <x.y.z>]',
  '  wk-verify license <license.json> --keys <keyset.json> [--license-key <key>] [--now <ISO date>]',
].join('\n');

class UsageError extends Error {}

function parse(args: string[]): { positional: string[]; flags: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${a} needs a value`);
      flags.set(a.slice(2), value);
      i++;
    } else positional.push(a);
  }
  return { positional, flags };
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`the ${what} ${file} is not JSON`);
  }
}

function required(flags: Map<string, string>, name: string): string {
  const v = flags.get(name);
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

export function runCli(argv: string[], io: CliIo = { out: console.log, err: console.error }): number {
  try {
    const [command, ...rest] = argv;
    const { positional, flags } = parse(rest);
    if (command === 'artifact') {
      const zip = positional[0];
      if (!zip) throw new UsageError('give the artifact file');
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(zip);
      } catch (e) {
        throw new UsageError(`cannot read the artifact ${zip}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const signature = readJson(required(flags, 'signature'), 'signature');
      const keys = readJson(required(flags, 'keys'), 'key set') as KeySet;
      const r = verifyArtifact({ bytes }, signature, keys, { module: flags.get('module'), version: flags.get('version') });
      if (!r.ok) {
        io.err(`INVALID (${r.code}): ${r.message}`);
        return 1;
      }
      io.out(`VALID: ${r.value.module} ${r.value.version}, sha256 ${r.value.sha256}, signed by key ${r.kid}`);
      return 0;
    }
    if (command === 'license') {
      const file = positional[0];
      if (!file) throw new UsageError('give the license file');
      const doc = readJson(file, 'license file');
      const keys = readJson(required(flags, 'keys'), 'key set') as KeySet;
      const nowFlag = flags.get('now');
      const now = nowFlag ? new Date(nowFlag) : new Date();
      if (Number.isNaN(now.getTime())) throw new UsageError('--now must be an ISO date');
      const r = verifyLicenseFile(doc, keys, { now, licenseKey: flags.get('license-key') });
      if (!r.ok) {
        io.err(`INVALID (${r.code}): ${r.message}`);
        return 1;
      }
      const p = r.value;
      io.out(`VALID license ${p.licenseKey}`);
      io.out(`  organization: ${p.organization.name} (#${p.organization.id})`);
      io.out(`  module:       ${p.module.name} (${p.module.slug}), plan ${p.plan.name} (${p.plan.type})`);
      io.out(`  entitlements: ${p.entitlements.length ? p.entitlements.join(', ') : '(none)'}`);
      io.out(`  limits:       ${p.maxInstances ?? 'unlimited'} instances, ${p.maxUsers ?? 'unlimited'} users`);
      io.out(
        `  valid:        ${p.issuedAt} → ${p.validUntil} (license ${p.licenseExpiresAt ? `ends ${p.licenseExpiresAt}` : 'has no end'})`,
      );
      io.out(`  signed by key ${r.kid}`);
      return 0;
    }
    throw new UsageError(command ? `unknown command ${command}` : 'give a command');
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`wk-verify: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) process.exitCode = runCli(process.argv.slice(2));
