import net from 'node:net';

// s3rver ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (opts: Record<string, unknown>) => {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
};

/**
 * A real S3-compatible server for tests (npm `s3rver`: SigV4-checking, multipart uploads), on a
 * free loopback port, storing in `directory`. Its account is S3RVER / S3RVER.
 */
export async function startS3rver(directory: string, bucket: string): Promise<{ port: number; close(): Promise<void> }> {
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return { port, close: () => server.close() };
}

/** A TCP proxy to `targetPort`; `cut()` drops every connection and refuses new ones until `restore()`. */
export async function startProxy(targetPort: number) {
  const sockets = new Set<net.Socket>();
  let up = true;
  let bytesFromClient = 0;
  const server = net.createServer((client) => {
    if (!up) return client.destroy();
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (d) => {
      bytesFromClient += d.length;
    });
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    bytes: () => bytesFromClient,
    cut() {
      up = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      up = true;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
