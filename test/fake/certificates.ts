// Certificates made with openssl at test time: a private CA and a server certificate it signed
// (for 127.0.0.1 and localhost), and a self-signed one. Nothing is committed. One helper for every
// test that needs TLS (the fake's https mode, the fault cases' untrusted server).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestCertificates {
  /** Folder holding ca.pem, server.pem, server.key, self-signed.pem, self-signed.key. */
  dir: string;
  caPem: string;
  caFile: string;
  server: { key: string; cert: string };
  selfSigned: { key: string; cert: string };
  remove(): void;
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const SAN = 'subjectAltName=IP:127.0.0.1,DNS:localhost';
/** A new P-256 key, unencrypted (`openssl req` options). */
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

type Openssl = (...args: string[]) => void;

/** `openssl req -x509`: a certificate signed by its own new key, valid for 2 days, with the given extensions. */
function selfSigned(ssl: Openssl, subject: string, extensions: string[], keyFile: string, certFile: string): void {
  ssl(
    'req',
    '-x509',
    ...NEW_KEY,
    '-days',
    '2',
    '-subj',
    subject,
    ...extensions.flatMap((e) => ['-addext', e]),
    '-keyout',
    keyFile,
    '-out',
    certFile,
  );
}

function inTempDir<T>(prefix: string, make: (ssl: Openssl, file: (name: string) => string) => T): { dir: string; value: T } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = (name: string) => path.join(dir, name);
  const ssl: Openssl = (...args) => void execFileSync('openssl', args, { stdio: 'ignore', cwd: dir });
  try {
    return { dir, value: make(ssl, file) };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** A self-signed certificate for 127.0.0.1 and localhost, no CA vouching for it (its files are removed). */
export function makeSelfSignedCertificate(): { key: string; cert: string } {
  const { dir, value } = inTempDir('ls-tls-', (ssl, file) => {
    selfSigned(ssl, '/CN=127.0.0.1', [SAN], file('key.pem'), file('cert.pem'));
    return { key: fs.readFileSync(file('key.pem'), 'utf8'), cert: fs.readFileSync(file('cert.pem'), 'utf8') };
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return value;
}

export function makeTestCertificates(): TestCertificates {
  const { dir, value: file } = inTempDir('ls-certs-', (ssl, file) => {
    selfSigned(
      ssl,
      '/CN=Test Private CA',
      ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'],
      file('ca.key'),
      file('ca.pem'),
    );
    ssl('req', ...NEW_KEY, '-subj', '/CN=127.0.0.1', '-keyout', file('server.key'), '-out', file('server.csr'));
    fs.writeFileSync(file('server.ext'), `${SAN}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`);
    ssl(
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      file('server.ext'),
      '-out',
      file('server.pem'),
    );
    selfSigned(ssl, '/CN=127.0.0.1', [SAN], file('self-signed.key'), file('self-signed.pem'));
    return file;
  });
  const read = (name: string) => fs.readFileSync(file(name), 'utf8');
  return {
    dir,
    caPem: read('ca.pem'),
    caFile: file('ca.pem'),
    server: { key: read('server.key'), cert: read('server.pem') },
    selfSigned: { key: read('self-signed.key'), cert: read('self-signed.pem') },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
