import { createApp } from '../../src/app';
import { buildDeps, type AppDeps } from '../../src/deps';
import { createLogger } from '../../src/logging';
import { REDIS_TEST_URL, deleteKeys } from '../sessions/redis-test-env';
import { startHarness, type Harness } from './harness';
import { listenOnLoopback } from './net';

/**
 * Two app instances, each with its own Redis client and collaborators, on two loopback ports, sharing one
 * Redis (sessions, locks, the read cache) and one database: as behind a load balancer. The first is the
 * harness's (its emulator, logs and deps); the second is built from the same config.
 */
export interface TwoInstances {
  h: Harness;
  depsB: AppDeps;
  a: Awaited<ReturnType<typeof listenOnLoopback>>;
  b: Awaited<ReturnType<typeof listenOnLoopback>>;
  close(): Promise<void>;
}

export async function startTwoInstances(prefix: string, env: Record<string, string> = {}): Promise<TwoInstances> {
  const h = await startHarness({ env: { SESSION_STORE: 'redis', REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix, ...env } });
  const depsB = buildDeps(h.config, { logger: createLogger('silent') });
  await Promise.all([h.deps.sessionStore.ready(), depsB.sessionStore.ready()]);
  const a = await listenOnLoopback(h.app);
  const b = await listenOnLoopback(createApp(h.config, depsB));
  return {
    h, depsB, a, b,
    async close() {
      await Promise.all([a.close(), b.close()]);
      await Promise.all([h.deps.sessionStore.close(), depsB.sessionStore.close()]);
      await depsB.jobRunner.stop();
      await depsB.plans.reconciler.stop();
      await depsB.plans.events.settled();
      await depsB.database.close();
      await h.close();
      await deleteKeys(REDIS_TEST_URL, prefix);
    },
  };
}
