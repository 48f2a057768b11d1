import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eventually } from './eventually';
import { freePort } from './net';
import { describeNeeding } from './needs-nginx';

/**
 * A real nginx with nginx-rtmp playing YouTube's ingest (rtmp://a.rtmp.youtube.com/live2) on loopback: application
 * live2 takes RTMP publishers, asks the YouTube emulator whether their stream key was issued (on_publish) and tells it
 * when they leave (on_publish_done), records what arrives, and reports its streams as XML at /stat (rtmp_stat all).
 * Everything nginx writes stays in a folder of its own, removed by stop(). With ffmpeg for the media (the Zoom
 * emulator's `media` option), this is the real-media end of the tests: Debian's nginx, libnginx-mod-rtmp, ffmpeg.
 */
export const NGINX_PATH = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const RTMP_MODULE = process.env.NGINX_RTMP_MODULE ?? '/usr/lib/nginx/modules/ngx_rtmp_module.so';
export const FFMPEG_PATH = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';

function missingTools(): string[] {
  return [
    ...(existsSync(NGINX_PATH) ? [] : [`nginx at ${NGINX_PATH} (NGINX_PATH)`]),
    ...(existsSync(RTMP_MODULE) ? [] : [`nginx-rtmp at ${RTMP_MODULE} (NGINX_RTMP_MODULE)`]),
    ...(existsSync(FFMPEG_PATH) ? [] : [`ffmpeg at ${FFMPEG_PATH} (FFMPEG_PATH)`]),
  ];
}

/** describe() for suites that need nginx, nginx-rtmp and ffmpeg: runs, skips with a note, or fails when REQUIRE_NGINX=1. */
export function describeWithRtmp(name: string, body: () => void): void {
  describeNeeding(name, {
    missing: missingTools(), what: 'nginx, nginx-rtmp and ffmpeg', install: 'apt-get install -y nginx libnginx-mod-rtmp ffmpeg', docs: 'docs/youtube-emulator.md',
  }, body);
}

/** One stream nginx-rtmp is receiving, from /stat. */
export interface RtmpStream {
  name: string;
  bytesIn: number;
  publishing: boolean;
}

export interface RunningNginxRtmp {
  /** The ingestion address to hand the YouTube emulator: rtmp://127.0.0.1:<port>/live2. */
  rtmpUrl: string;
  statUrl: string;
  /** Where nginx-rtmp records each stream, as <stream name>.flv. */
  recordDir: string;
  /** The streams of application live2 now (a stream leaves the list once its publisher has gone). */
  streams(): Promise<RtmpStream[]>;
  errorLog(): string;
  /** Graceful stop (SIGQUIT), then its exit; the folder goes. */
  stop(): Promise<void>;
}

/** The RTMP port is chosen before the YouTube emulator starts (its ingestion address names it) and nginx after (its hooks name the emulator). */
export const rtmpUrlAt = (port: number) => `rtmp://127.0.0.1:${port}/live2`;

function config(dir: string, rtmpPort: number, statPort: number, hooksUrl: string): string {
  const temp = (name: string) => path.join(dir, 'temp', name);
  return [
    `load_module ${RTMP_MODULE};`,
    'daemon off;',
    'worker_processes 1;',
    // As root, nginx's workers would switch to nobody, who cannot enter the test's folder (0700) to record.
    ...(process.getuid?.() === 0 ? [`user ${os.userInfo().username};`] : []),
    `pid ${path.join(dir, 'nginx.pid')};`,
    `error_log ${path.join(dir, 'error.log')} notice;`,
    'events { worker_connections 64; }',
    'rtmp {',
    `  server { listen 127.0.0.1:${rtmpPort};`,
    '    application live2 { live on; record all;',
    `      record_path ${path.join(dir, 'record')};`,
    `      on_publish ${hooksUrl}/emulator/rtmp/on_publish;`,
    `      on_publish_done ${hooksUrl}/emulator/rtmp/on_publish_done; } }`,
    '}',
    'http {',
    `  access_log off; client_body_temp_path ${temp('body')}; proxy_temp_path ${temp('proxy')};`,
    `  fastcgi_temp_path ${temp('fastcgi')}; uwsgi_temp_path ${temp('uwsgi')}; scgi_temp_path ${temp('scgi')};`,
    `  server { listen 127.0.0.1:${statPort}; location /stat { rtmp_stat all; } }`,
    '}',
    '',
  ].join('\n');
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

/** The <stream> elements of /stat's XML (names are stream keys: plain tokens, no markup to unescape). */
function parseStreams(xml: string): RtmpStream[] {
  return [...xml.matchAll(/<stream>([\s\S]*?)<\/stream>/g)].map(([, inner]) => ({
    name: /<name>([^<]*)<\/name>/.exec(inner)?.[1] ?? '',
    bytesIn: Number(/<bytes_in>(\d+)<\/bytes_in>/.exec(inner)?.[1] ?? 0),
    publishing: inner.includes('<publishing/>'),
  }));
}

/** Starts nginx on `rtmpPort` (see rtmpUrlAt), its hooks at the YouTube emulator (`hooksUrl`), and waits until both ports accept. */
export async function startNginxRtmp({ rtmpPort, hooksUrl }: { rtmpPort: number; hooksUrl: string }): Promise<RunningNginxRtmp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zls-rtmp-'));
  for (const folder of ['temp', 'record']) mkdirSync(path.join(dir, folder));
  const statPort = await freePort();
  const configPath = path.join(dir, 'nginx.conf');
  writeFileSync(configPath, config(dir, rtmpPort, statPort, hooksUrl));
  const args = ['-p', dir, '-c', configPath];
  const check = spawnSync(NGINX_PATH, ['-t', ...args], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t refused the rtmp configuration:\n${check.stderr}`);

  const child: ChildProcess = spawn(NGINX_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  const errorLog = () => (existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : '');
  try {
    await eventually(async () => child.exitCode === null && (await accepts(rtmpPort)) && (await accepts(statPort)), { timeoutMs: 10_000 });
  } catch {
    child.kill('SIGKILL');
    throw new Error(`nginx did not start listening on ${rtmpPort} and ${statPort}: ${stderr}${errorLog()}`);
  }
  const statUrl = `http://127.0.0.1:${statPort}/stat`;
  return {
    rtmpUrl: rtmpUrlAt(rtmpPort),
    statUrl,
    recordDir: path.join(dir, 'record'),
    streams: async () => parseStreams(await (await fetch(statUrl)).text()),
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
