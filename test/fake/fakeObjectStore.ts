// A cloud bucket answering presigned URLs, on its own port (another origin than Label Studio), like S3:
// a request needs the URL's signature, and one that ALSO carries an Authorization header is refused
// ("Only one auth mechanism allowed"), which is what a client that forwards Label Studio's token on a
// redirect would get. Records every request so tests can check no credential arrived.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer } from './closeServer';

export interface StoredObject {
  contentType: string;
  body: Buffer;
}

export interface ObjectStoreRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  status: number;
}

export class FakeObjectStore {
  readonly requests: ObjectStoreRequest[] = [];
  private readonly objects = new Map<string, StoredObject & { signature: string }>();
  private server!: Server;
  private baseUrl = '';

  static async start(host = '127.0.0.1'): Promise<FakeObjectStore> {
    const store = new FakeObjectStore();
    store.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://store');
      const record: ObjectStoreRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        authorization: req.headers.authorization,
        status: 0,
      };
      store.requests.push(record);
      const reply = store.answer(url, req.headers.authorization);
      record.status = reply.status;
      res.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Content-Length': String(reply.body.length) });
      res.end(reply.body);
    });
    await new Promise<void>((resolve) => store.server.listen(0, host, () => resolve()));
    store.baseUrl = `http://${host}:${(store.server.address() as AddressInfo).port}`;
    return store;
  }

  get url(): string {
    return this.baseUrl;
  }

  /** Stores an object under `bucket/key` (as from `s3://bucket/key`). */
  put(bucketAndKey: string, object: StoredObject): void {
    this.objects.set(bucketAndKey, { ...object, signature: randomBytes(16).toString('hex') });
  }

  has(bucketAndKey: string): boolean {
    return this.objects.has(bucketAndKey);
  }

  /** A presigned URL of a stored object, valid for `ttlSeconds`. */
  presign(bucketAndKey: string, ttlSeconds: number): string {
    const o = this.objects.get(bucketAndKey);
    if (!o) throw new Error(`no object ${bucketAndKey}`);
    const path = bucketAndKey.split('/').map(encodeURIComponent).join('/');
    return `${this.baseUrl}/${path}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=${ttlSeconds}&X-Amz-Signature=${o.signature}`;
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  private answer(url: URL, authorization: string | undefined): { status: number; contentType: string; body: Buffer } {
    const key = decodeURIComponent(url.pathname.slice(1));
    const o = this.objects.get(key);
    const xml = (status: number, code: string, message: string) => ({
      status,
      contentType: 'application/xml',
      body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`),
    });
    if (authorization !== undefined && url.searchParams.has('X-Amz-Signature')) {
      return xml(
        400,
        'InvalidArgument',
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter ' +
          'or the Authorization header should be specified',
      );
    }
    if (!o) return xml(404, 'NoSuchKey', 'The specified key does not exist.');
    if (url.searchParams.get('X-Amz-Signature') !== o.signature) return xml(403, 'AccessDenied', 'Access Denied');
    return { status: 200, contentType: o.contentType, body: o.body };
  }
}
