import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { createClient } from 'redis';
import { eventually } from '../helpers/eventually';

/**
 * Redis for the session suites. In CI (REQUIRE_REDIS=1) a missing Redis fails the suite;
 * on a developer's machine without one the suite is skipped with a message saying how to run it.
 */
export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const REQUIRED = process.env.REQUIRE_REDIS === '1';

/** Synchronous, so the describe block can be chosen while Jest collects tests: a child process sends PING. */
function answersPing(url: string): boolean {
  const { hostname, port } = new URL(url);
  const script = `const s = require('node:net').connect(${Number(port) || 6379}, ${JSON.stringify(hostname)}, () => s.write('PING\\r\\n'));
    s.on('data', (d) => process.exit(String(d).startsWith('+PONG') ? 0 : 1));
    s.on('error', () => process.exit(1));
    setTimeout(() => process.exit(1), 1500);`;
  return spawnSync(process.execPath, ['-e', script], { timeout: 5000 }).status === 0;
}

function hasRedisServerBinary(): boolean {
  return spawnSync('redis-server', ['--version'], { timeout: 5000 }).status === 0;
}

function describeOrExplain(name: string, available: boolean, problem: string, skipMessage: string, body: () => void): void {
  if (available) return describe(name, body);
  if (REQUIRED) {
    return describe(name, () => {
      it('has the Redis it needs (REQUIRE_REDIS=1 makes a missing Redis a failure)', () => {
        throw new Error(problem);
      });
    });
  }
  console.log(skipMessage);
  describe.skip(name, body);
}

/** Suites that use the shared Redis server at REDIS_TEST_URL. */
export function describeWithRedis(name: string, body: () => void): void {
  const where = new URL(REDIS_TEST_URL).host;
  describeOrExplain(name, answersPing(REDIS_TEST_URL), `no redis-server answers on ${where}`,
    `Redis suite skipped: no redis-server on ${where}. Install redis-server and start it (docs/testing.md#tests-that-need-redis-postgresql-or-chromium), or set REQUIRE_REDIS=1 to make this a failure.`, body);
}

/** Suites that start (and kill) a redis-server of their own. */
export function describeWithRedisServerBinary(name: string, body: () => void): void {
  describeOrExplain(name, hasRedisServerBinary(), 'no redis-server binary on PATH',
    'Redis outage suite skipped: no redis-server binary on PATH. Install redis-server (docs/testing.md#tests-that-need-redis-postgresql-or-chromium), or set REQUIRE_REDIS=1 to make this a failure.', body);
}

/** A key prefix no other suite (or earlier run) uses, so suites sharing one Redis never collide. */
export function uniquePrefix(suite: string): string {
  return `zls-test:${suite}:${process.pid}:${Date.now().toString(36)}:`;
}

/** Deletes every key under a prefix (test cleanup). */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    if (keys.length > 0) await client.del(keys);
  }
  await client.close();
}

export type RedisServer = { process: ChildProcess; url: string; stop(signal?: NodeJS.Signals): Promise<void> };

/** Starts redis-server with these arguments and waits until it answers PING. */
export async function startRedisServer(port: number, args: string[], password?: string): Promise<RedisServer> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...args], { stdio: 'ignore' });
  const url = password ? `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`;
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      return pongFrom(port, password);
    }, { timeoutMs: 10_000, intervalMs: 10 });
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`redis-server on port ${port} did not start: ${(error as Error).message}`, { cause: error });
  }
  async function stop(signal: NodeJS.Signals = 'SIGKILL') {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await once(child, 'exit');
  }
  return { process: child, url, stop };
}

/** One PING over a raw socket (asynchronous: the app under test shares this event loop). */
function pongFrom(port: number, password?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${password ? `AUTH ${password}\r\n` : ''}PING\r\n`));
    let seen = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.on('data', (data) => {
      seen += String(data);
      if (seen.includes('+PONG')) finish(true);
      else if (seen.includes('-')) finish(false);
    });
    socket.on('error', () => finish(false));
    socket.setTimeout(1000, () => finish(false));
  });
}
