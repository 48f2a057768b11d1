import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../helpers/net';

/**
 * A PostgreSQL cluster of a test's own, which the test may stop and start again (the shared server at
 * POSTGRES_TEST_URL must never be stopped). Made the way CI makes its own (.ci/run): initdb and pg_ctl from
 * the newest /usr/lib/postgresql/<version>/bin, run as the postgres user when the tests run as root (PostgreSQL
 * refuses to run as root), trust auth on loopback only, no durability. REQUIRE_POSTGRES=1 makes missing
 * binaries a failure, as for the shared server.
 */
const run = promisify(execFile);
const REQUIRED = process.env.REQUIRE_POSTGRES === '1';
const isRoot = process.getuid?.() === 0;

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(a) - Number(b)) : [];
  const dir = versions.map((v) => path.join(root, v, 'bin')).filter((bin) => fs.existsSync(path.join(bin, 'initdb'))).at(-1);
  if (dir) return dir;
  const onPath = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8', timeout: 5000 });
  const bin = onPath.status === 0 ? onPath.stdout.trim() : '';
  return bin && fs.existsSync(path.join(bin, 'initdb')) ? bin : undefined;
}

/** Why a cluster cannot be made here, or undefined when it can. */
function whyUnavailable(): string | undefined {
  if (!binDir()) return 'no initdb in /usr/lib/postgresql/*/bin nor at pg_config --bindir (apt-get install postgresql)';
  if (isRoot && spawnSync('id', ['-u', 'postgres'], { timeout: 5000 }).status !== 0) return 'running as root without a postgres user to run PostgreSQL as';
  if (isRoot && spawnSync('runuser', ['--help'], { timeout: 5000 }).status !== 0) return 'running as root without runuser';
  return undefined;
}

/** Suites that start and stop a PostgreSQL of their own. */
export function describeWithPostgresCluster(name: string, body: () => void): void {
  const problem = whyUnavailable();
  if (problem === undefined) return describe(name, body);
  if (REQUIRED) {
    return describe(name, () => {
      it('can start a PostgreSQL cluster of its own (REQUIRE_POSTGRES=1 makes this a failure)', () => {
        throw new Error(problem);
      });
    });
  }
  console.log(`PostgreSQL cluster suite skipped: ${problem}. Set REQUIRE_POSTGRES=1 to make this a failure.`);
  describe.skip(name, body);
}

export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it (if running) and deletes its files. */
  destroy(): Promise<void>;
}

/** initdb, then start on a free loopback port; the socket lives in the cluster's own folder. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = binDir()!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zls-pg-cluster-'));
  const data = path.join(dir, 'data');
  const asPostgres = (tool: string, args: string[]) => (isRoot
    ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], { cwd: dir })
    : run(path.join(bin, tool), args, { cwd: dir }));
  try {
    if (isRoot) await run('chown', ['postgres:', dir]);
    await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale']);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  let running = false;
  const cluster: PostgresCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await asPostgres('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
      running = true;
    },
    async stop() {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
      running = false;
    },
    async destroy() {
      if (running) await cluster.stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
  return cluster;
}
