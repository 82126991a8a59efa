import { EMPTY_PAYLOAD_SHA256, encodeKeyPath, parseAmzDate, signV4, toAmzDate, uriEncode } from './aws-sigv4';

describe('signV4', () => {
  // Example "GET Object" from the Amazon S3 docs, "Signature Calculations for the Authorization
  // Header: Transferring Payload in a Single Chunk (AWS Signature Version 4)".
  const example = signV4({
    method: 'GET',
    url: 'https://examplebucket.s3.amazonaws.com/test.txt',
    headers: { Range: 'bytes=0-9' },
    payloadHash: EMPTY_PAYLOAD_SHA256,
    region: 'us-east-1',
    service: 's3',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    date: new Date(Date.UTC(2013, 4, 24, 0, 0, 0)),
  });

  it('produces the documented canonical request', () => {
    expect(example.canonicalRequest).toBe(
      [
        'GET',
        '/test.txt',
        '',
        'host:examplebucket.s3.amazonaws.com',
        'range:bytes=0-9',
        `x-amz-content-sha256:${EMPTY_PAYLOAD_SHA256}`,
        'x-amz-date:20130524T000000Z',
        '',
        'host;range;x-amz-content-sha256;x-amz-date',
        EMPTY_PAYLOAD_SHA256,
      ].join('\n'),
    );
  });

  it('produces the documented string to sign', () => {
    expect(example.stringToSign).toBe(
      [
        'AWS4-HMAC-SHA256',
        '20130524T000000Z',
        '20130524/us-east-1/s3/aws4_request',
        '7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972',
      ].join('\n'),
    );
  });

  it('produces the documented signature and Authorization header', () => {
    expect(example.signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
    expect(example.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(example.headers).toMatchObject({
      host: 'examplebucket.s3.amazonaws.com',
      range: 'bytes=0-9',
      'x-amz-date': '20130524T000000Z',
      'x-amz-content-sha256': EMPTY_PAYLOAD_SHA256,
    });
  });

  it('sorts and encodes the query string, and signs a session token', () => {
    const signed = signV4({
      method: 'get',
      url: 'http://127.0.0.1:9000/bucket/?prefix=a b&list-type=2&delimiter=/',
      payloadHash: EMPTY_PAYLOAD_SHA256,
      region: 'eu-west-3',
      service: 's3',
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
      sessionToken: 'TOKEN',
      date: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    });
    const lines = signed.canonicalRequest.split('\n');
    expect(lines[0]).toBe('GET');
    expect(lines[2]).toBe('delimiter=%2F&list-type=2&prefix=a%20b');
    expect(lines).toContain('host:127.0.0.1:9000');
    expect(lines).toContain('x-amz-security-token:TOKEN');
    expect(signed.headers['x-amz-date']).toBe('20240102T030405Z');
  });
});

describe('encoding helpers', () => {
  it('uriEncode encodes everything but unreserved characters', () => {
    expect(uriEncode("a-b_c.d~e f+g/h!'()*")).toBe('a-b_c.d~e%20f%2Bg%2Fh%21%27%28%29%2A');
  });
  it('encodeKeyPath keeps slashes', () => {
    expect(encodeKeyPath('modules/acme/1.0.0+build.1/x.zip')).toBe('modules/acme/1.0.0%2Bbuild.1/x.zip');
  });
  it('formats and parses x-amz-date', () => {
    const d = new Date(Date.UTC(2013, 4, 24, 13, 14, 15));
    expect(toAmzDate(d)).toBe('20130524T131415Z');
    expect(parseAmzDate('20130524T131415Z')?.getTime()).toBe(d.getTime());
    expect(parseAmzDate('nope')).toBeNull();
  });
});
