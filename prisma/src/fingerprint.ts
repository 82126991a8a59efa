import { createHash } from 'node:crypto';

/**
 * Groups repeats of one error: the type plus the message with volatile parts (numbers, hex ids,
 * quoted values) blanked, plus the top stack frame when given.
 */
export function errorFingerprint(errorType: string, message: string, stackTrace?: string | null): string {
  const norm = message
    .toLowerCase()
    .replace(/'[^']*'|"[^"]*"/g, '?')
    .replace(/\b0x[0-9a-f]+\b|\b[0-9a-f]{8,}\b/g, '#')
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
  const top =
    (stackTrace ?? '')
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith('at ')) ?? '';
  return createHash('sha256').update(`${errorType.toLowerCase()}|${norm}|${top}`).digest('hex').slice(0, 32);
}
