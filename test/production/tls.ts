import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A throwaway certificate authority and a server certificate signed by it, made with openssl, and a
 * HOME whose NSS database (the one Chromium reads on Linux) trusts that authority. Chromium then
 * accepts the server as it would a real one: no --ignore-certificate-errors anywhere.
 */
export const TEST_CA_NAME = 'zoom-livestream test CA';

export interface TestCertificates {
  /** The authority's certificate (PEM file), to trust. */
  ca: string;
  /** The server's certificate and key (PEM files), for nginx. */
  certificate: string;
  key: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA and a certificate for `hostName` (subjectAltName DNS:hostName), valid two days, P-256 keys. */
export function makeCertificates(dir: string, hostName: string): TestCertificates {
  mkdirSync(dir, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(dir, ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', `/CN=${TEST_CA_NAME}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(dir, ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${hostName}`]);
  writeFileSync(path.join(dir, 'server.ext'), [
    `subjectAltName=DNS:${hostName}`, 'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', '',
  ].join('\n'));
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', 'server.ext', '-out', 'server.pem']);
  return { ca: path.join(dir, 'ca.pem'), certificate: path.join(dir, 'server.pem'), key: path.join(dir, 'server.key') };
}

/** A fresh HOME whose NSS database ($HOME/.pki/nssdb) trusts `caFile` to identify web sites ("C,,"). */
export function homeTrusting(home: string, caFile: string): string {
  const database = `sql:${path.join(home, '.pki', 'nssdb')}`;
  mkdirSync(path.join(home, '.pki', 'nssdb'), { recursive: true });
  execFileSync('certutil', ['-N', '-d', database, '--empty-password'], { stdio: ['ignore', 'ignore', 'pipe'] });
  execFileSync('certutil', ['-A', '-d', database, '-t', 'C,,', '-n', 'zls-test-ca', '-i', caFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  return home;
}
