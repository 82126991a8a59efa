import { describe, expect, it } from 'vitest';
import { asSentence } from './text.format';

describe('asSentence', () => {
  it('adds a full stop only where none ends the text', () => {
    expect(asSentence('Malware found in the export script.')).toBe('Malware found in the export script.');
    expect(asSentence('Malware found in the export script')).toBe('Malware found in the export script.');
    expect(asSentence('  Really?  ')).toBe('Really?');
    expect(asSentence('See "the report."')).toBe('See "the report."');
    expect(asSentence('Wait…')).toBe('Wait…');
  });

  it('leaves an empty reason empty', () => {
    expect(asSentence('')).toBe('');
    expect(asSentence(null)).toBe('');
    expect(asSentence('   ')).toBe('');
  });
});
