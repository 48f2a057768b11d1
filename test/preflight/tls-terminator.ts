import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eventually } from '../helpers/eventually';
import { describeWithRtmp, NGINX_PATH } from '../helpers/nginx-rtmp';
import { describeNeeding } from '../helpers/needs-nginx';
import { makeCertificates } from '../production/tls';

/**
 * rtmps as the services serve it: a TLS terminator in front of an RTMP server. Here nginx's stream module
 * (Debian's libnginx-mod-stream) takes TLS on one loopback port with a certificate from a throwaway CA and passes
 * the bytes to nginx-rtmp's port. Everything it writes, certificates included, stays in a folder removed by stop().
 */
export const STREAM_MODULE = process.env.NGINX_STREAM_MODULE ?? '/usr/lib/nginx/modules/ngx_stream_module.so';

function missingTools(): string[] {
  return [
    ...(existsSync(STREAM_MODULE) ? [] : [`nginx's stream module at ${STREAM_MODULE} (NGINX_STREAM_MODULE)`]),
    ...(spawnSync('openssl', ['version'], { stdio: 'ignore' }).error ? ['openssl'] : []),
  ];
}

/** describeWithRtmp() that also needs the stream module and openssl: runs, skips with a note, or fails when REQUIRE_NGINX=1. */
export function describeWithRtmps(name: string, body: () => void): void {
  describeNeeding(name, {
    missing: missingTools(), what: 'the nginx stream module and openssl', install: 'apt-get install -y libnginx-mod-stream openssl',
  }, body, describeWithRtmp);
}

export interface RunningTlsTerminator {
  port: number;
  /** The throwaway CA's certificate (PEM), for a client to trust. */
  ca: Buffer;
  errorLog(): string;
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** nginx on 127.0.0.1:`port` with TLS for `hostName`, passing each connection to 127.0.0.1:`upstreamPort`. */
export async function startTlsTerminator({ port, upstreamPort, hostName }: { port: number; upstreamPort: number; hostName: string }): Promise<RunningTlsTerminator> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zls-rtmps-'));
  const certificates = makeCertificates(path.join(dir, 'certs'), hostName);
  const configPath = path.join(dir, 'nginx.conf');
  writeFileSync(configPath, [
    `load_module ${STREAM_MODULE};`,
    'daemon off;',
    'worker_processes 1;',
    // As root, nginx's workers would switch to nobody, who cannot enter the test's folder (0700).
    ...(process.getuid?.() === 0 ? [`user ${os.userInfo().username};`] : []),
    `pid ${path.join(dir, 'nginx.pid')};`,
    `error_log ${path.join(dir, 'error.log')} notice;`,
    'events { worker_connections 64; }',
    'stream {',
    `  server { listen 127.0.0.1:${port} ssl;`,
    `    ssl_certificate ${certificates.certificate}; ssl_certificate_key ${certificates.key};`,
    `    proxy_pass 127.0.0.1:${upstreamPort}; }`,
    '}',
    '',
  ].join('\n'));
  const args = ['-p', dir, '-c', configPath];
  const check = spawnSync(NGINX_PATH, ['-t', ...args], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t refused the TLS terminator's configuration:\n${check.stderr}`);

  const child: ChildProcess = spawn(NGINX_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  const errorLog = () => (existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : '');
  try {
    await eventually(async () => child.exitCode === null && (await accepts(port)), { timeoutMs: 10_000 });
  } catch {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`nginx did not start listening on ${port}: ${stderr}${errorLog()}`);
  }
  return {
    port,
    ca: readFileSync(certificates.ca),
    errorLog,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
