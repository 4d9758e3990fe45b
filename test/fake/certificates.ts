// Certificates made with openssl at test time: a private CA and a server certificate it signed
// (for 127.0.0.1 and localhost), and a self-signed one. Nothing is committed.
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

export function makeTestCertificates(): TestCertificates {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-certs-'));
  const file = (name: string) => path.join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore', cwd: dir });
  const san = 'subjectAltName=IP:127.0.0.1,DNS:localhost';
  ssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Test Private CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
  );
  ssl(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
  );
  fs.writeFileSync(file('server.ext'), `${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`);
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
  ssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    san,
    '-keyout',
    file('self-signed.key'),
    '-out',
    file('self-signed.pem'),
  );
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
