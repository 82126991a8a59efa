import { stableJson } from './stable-json';

describe('stableJson', () => {
  it('sorts keys at every depth and leaves undefined members out', () => {
    expect(stableJson({ b: 1, a: { d: null, c: [2, 'x'] }, u: undefined })).toBe('{"a":{"c":[2,"x"],"d":null},"b":1}');
    expect(stableJson({ a: 1, b: 2 })).toBe(stableJson({ b: 2, a: 1 }));
  });

  it('writes arrays in order, and undefined as null like JSON', () => {
    expect(stableJson([3, { y: 1, x: 2 }, undefined])).toBe('[3,{"x":2,"y":1},null]');
    expect(stableJson(undefined)).toBe('null');
    expect(stableJson('a"b')).toBe('"a\\"b"');
    expect(stableJson({})).toBe('{}');
  });
});
