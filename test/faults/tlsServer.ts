/**
 * An https server whose certificate no CA vouches for: a self-signed certificate made with openssl
 * in a temp dir at test time (once per process). It counts the HTTP requests that reach it.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { SkipCase } from './world';
import { closeServer } from '../fake/closeServer';

let pair: { key: string; cert: string } | undefined;

function selfSignedPair(): { key: string; cert: string } {
  if (pair) return pair;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    pair = { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
    return pair;
  } catch (e) {
    throw new SkipCase(
      `openssl could not make a self-signed certificate (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the TLS case needs it`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface TlsServer {
  url: string;
  requests: number;
  close(): Promise<void>;
}

export async function startUntrustedTlsServer(): Promise<TlsServer> {
  const server: Server = createServer(selfSignedPair(), (_req, res) => {
    state.requests++;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"count": 0, "next": null, "results": []}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const state: TlsServer = {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: 0,
    close: () => closeServer(server),
  };
  return state;
}
