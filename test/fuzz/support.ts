// Shared pieces for the endpoint fuzz tests: a raw HTTP client (any method, content-type and
// bytes), and a stub Bot Connector on loopback so activities with deliveryMode "normal" can be
// answered the ordinary way.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends exactly these bytes (no client-side JSON or charset handling), resolves with the response. */
export function rawRequest(
  url: string,
  options: { method: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
    const req = request(
      `${url}${options.path ?? '/api/messages'}`,
      {
        method: options.method,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...options.headers },
        agent: false
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      }
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A Bot Connector that accepts every reply (POST .../activities) and answers {id}. */
export async function startStubConnector(): Promise<{ url: string; received: number; close(): Promise<void> }> {
  let received = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `stub-${received}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get received() {
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
