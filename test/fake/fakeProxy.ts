// A forward HTTP proxy for tests: CONNECT tunnels (what undici's ProxyAgent uses) and plain
// absolute-form requests, optionally with Proxy-Authorization. It records what went through it.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { closeServer } from './closeServer';

export interface ProxyRecord {
  kind: 'connect' | 'forward';
  /** host:port for CONNECT, the absolute URL for forwarded requests. */
  target: string;
  /** Whether the request carried an Authorization header the proxy could read (forwarded only). */
  sawAuthorization: boolean;
}

export class FakeProxy {
  readonly records: ProxyRecord[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly credentials?: string,
    /** Host names only the proxy knows (e.g. `ls.behind-proxy.test` → 127.0.0.1): loopback servers bypass proxies. */
    private readonly hosts: Record<string, string> = {},
  ) {}

  static async start(options: { user?: string; pass?: string; hosts?: Record<string, string> } = {}): Promise<FakeProxy> {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const credentials = options.user ? Buffer.from(`${options.user}:${options.pass ?? ''}`).toString('base64') : undefined;
    const proxy = new FakeProxy(server, `http://127.0.0.1:${port}`, credentials, options.hosts);
    server.on('connect', (req, socket, head) => proxy.tunnel(req, socket as Socket, head));
    server.on('request', (req, res) => {
      if (!proxy.authorized(req)) {
        res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="proxy"' }).end();
        return;
      }
      proxy.records.push({ kind: 'forward', target: req.url ?? '', sawAuthorization: !!req.headers.authorization });
      const upstream = httpRequest(
        req.url ?? '',
        { method: req.method, headers: { ...req.headers, 'proxy-authorization': undefined } as never },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end('proxy: upstream failed'));
      req.pipe(upstream);
    });
    return proxy;
  }

  get connects(): string[] {
    return this.records.filter((r) => r.kind === 'connect').map((r) => r.target);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await closeServer(this.server);
  }

  private authorized(req: IncomingMessage): boolean {
    if (!this.credentials) return true;
    return req.headers['proxy-authorization'] === `Basic ${this.credentials}`;
  }

  private tunnel(req: IncomingMessage, client: Socket, head: Buffer): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => client.destroy());
    if (!this.authorized(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\n\r\n');
      return;
    }
    const target = req.url ?? '';
    this.records.push({ kind: 'connect', target, sawAuthorization: false });
    const [host, port] = target.split(':');
    const upstream = connect(Number(port), this.hosts[host] ?? host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    this.sockets.add(upstream);
    upstream.on('close', () => this.sockets.delete(upstream));
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
  }
}
