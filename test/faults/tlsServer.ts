/**
 * An https server whose certificate no CA vouches for: a self-signed certificate made with openssl
 * at test time (test/fake/certificates.ts, once per process). It counts the HTTP requests that reach it.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { SkipCase } from './world';
import { closeServer } from '../fake/closeServer';
import { makeSelfSignedCertificate } from '../fake/certificates';

let pair: { key: string; cert: string } | undefined;

function selfSignedPair(): { key: string; cert: string } {
  try {
    return (pair ??= makeSelfSignedCertificate());
  } catch (e) {
    throw new SkipCase(
      `openssl could not make a self-signed certificate (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the TLS case needs it`,
    );
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
