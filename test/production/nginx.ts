import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eventually } from '../helpers/eventually';
import { describeNeeding } from '../helpers/needs-nginx';

/**
 * Debian's nginx running deploy/nginx/zoom-livestream.conf: the site file is rendered for the test
 * (listen addresses, host name, certificate, upstream ports, log paths: nothing else changes) and
 * included from a small main configuration that, like Debian's /etc/nginx/nginx.conf, puts it in the
 * http block. Everything nginx writes stays in the test's folder.
 */
export const NGINX_PATH = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const SITE_FILE = path.resolve(__dirname, '../../deploy/nginx/zoom-livestream.conf');

function missingTools(): string[] {
  const missing: string[] = [];
  if (!existsSync(NGINX_PATH)) missing.push(`nginx at ${NGINX_PATH} (NGINX_PATH)`);
  for (const tool of ['certutil', 'openssl']) {
    if (spawnSync(tool, ['--help'], { stdio: 'ignore' }).error) missing.push(tool);
  }
  return missing;
}

/** describe() for suites that need nginx, certutil and openssl: runs, skips with a note, or fails when REQUIRE_NGINX=1. */
export function describeWithNginx(name: string, body: () => void): void {
  describeNeeding(name, {
    missing: missingTools(), what: 'nginx, certutil and openssl', install: 'apt-get install -y nginx libnss3-tools openssl',
    docs: 'docs/testing.md#tests-that-need-redis-postgresql-or-chromium',
  }, body);
}

export interface SiteValues {
  serverName: string;
  httpsPort: number;
  httpPort: number;
  certificate: string;
  key: string;
  /** The app instances' ports on 127.0.0.1, in the upstream's order. */
  upstreams: number[];
  logDir: string;
}

/** One substitution in the deploy file; fails if the file no longer has the line it expects, as many times as expected. */
function rewrite(text: string, pattern: RegExp, replacement: (match: string, ...groups: string[]) => string, times: number): string {
  let seen = 0;
  const result = text.replace(pattern, (match: string, ...groups: string[]) => {
    seen += 1;
    return replacement(match, ...groups);
  });
  if (seen !== times) throw new Error(`${SITE_FILE}: expected ${times} match(es) of ${pattern}, found ${seen}`);
  return result;
}

/** The deploy file with the test's values in place of the example ones. */
export function renderSite(site: string, values: SiteValues): string {
  let text = site;
  // Loopback IPv4 only in the test: the IPv6 listeners go.
  text = rewrite(text, /^[ \t]*listen \[::\]:(?:80|443)\b[^\n]*\n/gm, () => '', 2);
  text = rewrite(text, /^([ \t]*)listen 443 ssl/gm, (_m, indent) => `${indent}listen 127.0.0.1:${values.httpsPort} ssl`, 1);
  text = rewrite(text, /^([ \t]*)listen 80;/gm, (_m, indent) => `${indent}listen 127.0.0.1:${values.httpPort};`, 1);
  text = rewrite(text, /server_name livestream\.example\.com;/g, () => `server_name ${values.serverName};`, 2);
  text = rewrite(text, /ssl_certificate \S+;/g, () => `ssl_certificate ${values.certificate};`, 1);
  text = rewrite(text, /ssl_certificate_key \S+;/g, () => `ssl_certificate_key ${values.key};`, 1);
  text = rewrite(text, /\/var\/log\/nginx\//g, () => `${values.logDir}/`, 4);
  const ports = [...values.upstreams];
  return rewrite(text, /^([ \t]*server) 127\.0\.0\.1:\d+ /gm, (_m, directive) => `${directive} 127.0.0.1:${ports.shift()} `, values.upstreams.length);
}

/** The main configuration: Debian's http-block defaults the site meets in production, then the site. */
function mainConfig(dir: string, sitePath: string): string {
  const temp = (name: string) => path.join(dir, 'temp', name);
  return [
    'daemon off;',
    'worker_processes 1;',
    // As root, nginx's workers would switch to nobody, who cannot enter the test's folder (0700).
    ...(process.getuid?.() === 0 ? [`user ${os.userInfo().username};`] : []),
    `pid ${path.join(dir, 'nginx.pid')};`,
    `error_log ${path.join(dir, 'error.log')} notice;`,
    'events { worker_connections 256; }',
    'http {',
    '  sendfile on;', '  tcp_nopush on;', '  default_type application/octet-stream;',
    // Debian's nginx.conf allows TLS 1.0 and 1.1 and gzips HTML for every site: the site must override both.
    '  ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;', '  ssl_prefer_server_ciphers on;', '  gzip on;',
    `  access_log ${path.join(dir, 'access.log')};`,
    `  client_body_temp_path ${temp('body')};`, `  proxy_temp_path ${temp('proxy')};`, `  fastcgi_temp_path ${temp('fastcgi')};`,
    `  uwsgi_temp_path ${temp('uwsgi')};`, `  scgi_temp_path ${temp('scgi')};`,
    `  include ${sitePath};`,
    '}',
    '',
  ].join('\n');
}

/** One line of the site's access log (log_format zoom_livestream). */
export interface AccessEntry {
  method: string;
  path: string;
  status: number;
  /** Every instance nginx tried, in order ("-" when it answered itself: a redirect, a 413). */
  upstreams: string[];
  upstreamStatuses: string[];
  requestId: string;
}

const LINE = /^\S+ \[\S+\] "(\S+) (\S+) \S+" (\d{3}) \d+ rt=\S+ upstream=(.*) upstream_status=(.*) urt=.* request_id=(\S+)$/;

function parseLine(line: string): AccessEntry {
  const match = LINE.exec(line);
  if (!match) throw new Error(`access log line not in the zoom_livestream format: ${line}`);
  const [, method, uri, status, upstreams, statuses, requestId] = match;
  return { method, path: uri, status: Number(status), upstreams: upstreams.split(', '), upstreamStatuses: statuses.split(', '), requestId };
}

export interface RunningNginx {
  httpsPort: number;
  httpPort: number;
  /** The site's access log so far. */
  entries(): AccessEntry[];
  /** Polls the access log (nginx writes a line once the response is sent) until an entry matches; fails after 5 s. */
  waitForEntry(matches: (entry: AccessEntry) => boolean): Promise<AccessEntry>;
  errorLog(): string;
  /** Graceful stop (SIGQUIT), then its exit. */
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

/** Renders the site into `dir`, checks it with `nginx -t`, starts nginx in the foreground and waits until both ports accept. */
export async function startNginx(dir: string, values: Omit<SiteValues, 'logDir'>): Promise<RunningNginx> {
  mkdirSync(path.join(dir, 'temp'), { recursive: true });
  const sitePath = path.join(dir, 'zoom-livestream.conf');
  writeFileSync(sitePath, renderSite(readFileSync(SITE_FILE, 'utf8'), { ...values, logDir: dir }));
  const configPath = path.join(dir, 'nginx.conf');
  writeFileSync(configPath, mainConfig(dir, sitePath));
  const args = ['-p', dir, '-c', configPath];
  const check = spawnSync(NGINX_PATH, ['-t', ...args], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t refused the rendered site:\n${check.stderr}`);

  const child: ChildProcess = spawn(NGINX_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  const errorLog = () => (existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : '');
  try {
    await eventually(async () => child.exitCode === null && (await accepts(values.httpsPort)) && (await accepts(values.httpPort)), { timeoutMs: 10_000 });
  } catch {
    child.kill('SIGKILL');
    throw new Error(`nginx did not start listening on ${values.httpsPort} and ${values.httpPort}: ${stderr}${errorLog()}`);
  }

  const accessLog = path.join(dir, 'zoom-livestream.access.log');
  const entries = () => (existsSync(accessLog) ? readFileSync(accessLog, 'utf8').split('\n').filter(Boolean).map(parseLine) : []);
  return {
    httpsPort: values.httpsPort,
    httpPort: values.httpPort,
    entries,
    errorLog,
    waitForEntry(matches) {
      return eventually(() => {
        const found = entries().filter(matches).pop();
        if (!found) throw new Error(`no matching access log entry; the log:\n${existsSync(accessLog) ? readFileSync(accessLog, 'utf8') : ''}`);
        return found;
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
