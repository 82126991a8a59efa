/**
 * Adds a new active platform signing key and retires the previous one (kept, so that what it signed
 * still verifies). `pnpm --filter @wk/api signing-key:rotate [--file <path>]`; the default file is
 * SIGNING_KEYS_FILE or .data/signing-keys.json. Restart the API (every replica) afterwards.
 */
import 'reflect-metadata';
import { loadConfig } from '../core/config';
import { rotateSigningKeys } from '../modules/license-files';

const i = process.argv.indexOf('--file');
const file = i > 0 ? process.argv[i + 1] : undefined;
const target = file ?? loadConfig().signing.keysFile;
const kid = rotateSigningKeys(target);
console.log(`New active signing key ${kid} in ${target}; earlier keys are retired and stay published.`);
