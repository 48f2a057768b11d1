import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';

const ROOT = path.resolve(__dirname, '../..');

/** server.ts prints this once it listens: the bound socket, then the URL to open. */
const LISTENING = /listening on (\S+) port (\d+): open (\S+)/;

export interface CompiledServer {
  child: ChildProcess;
  /** The port the server bound (it was started with PORT=0, or the port given). */
  port: number;
  /** Where to reach the socket: http://127.0.0.1:<port>. */
  socketUrl: string;
  /** The URL it printed to open (BASE_URL, or derived from the port in the sandbox). */
  baseUrl: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

/**
 * The compiled server (dist/server.js) as `npm start` runs it. It binds the port itself (PORT=0
 * unless env says otherwise) and reports it, so no port is probed and released first (no race).
 */
export async function startCompiledServer(env: Record<string, string | undefined>): Promise<CompiledServer> {
  // Each server gets a data folder of its own, removed when it exits, unless the test names one (a restart
  // test shares it on purpose, and removes it itself).
  const ownDataDir = env.DATA_DIR ? undefined : mkdtempSync(path.join(tmpdir(), 'zls-server-'));
  const child = spawn(process.execPath, ['dist/server.js'], { cwd: ROOT, env: { PATH: process.env.PATH, PORT: '0', DATA_DIR: ownDataDir, ...env } });
  if (ownDataDir) child.once('exit', () => rmSync(ownDataDir, { recursive: true, force: true }));
  let output = '';
  const listening = new Promise<RegExpExecArray>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk;
      const match = LISTENING.exec(output);
      if (match) resolve(match);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${output}`)));
  });
  // A server that never says where it listens fails the test in 15 s instead of hanging it.
  let deadline: NodeJS.Timeout | undefined;
  const silence = new Promise<never>((_resolve, reject) => {
    deadline = setTimeout(() => reject(new Error(`server printed no "listening on <host> port <n>: open <url>" line within 15 s: ${output}`)), 15_000);
  });
  const [, , port, baseUrl] = await Promise.race([listening, silence]).catch((error: unknown) => {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  }).finally(() => clearTimeout(deadline));
  return {
    child,
    port: Number(port),
    socketUrl: `http://127.0.0.1:${port}`,
    baseUrl,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      return code as number | null;
    },
  };
}

/**
 * A port nothing listens on right now. Racy by nature (another process may take it between probe
 * and use): only for programs that cannot bind 0 and report their port, such as a redis-server a
 * test restarts on the same port. The app itself: use startCompiledServer.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The app on a real loopback port, for clients that need a URL (fetch, many parallel connections). */
export async function listenOnLoopback(app: Express): Promise<{ server: Server; base: string; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { server, base, close };
}
