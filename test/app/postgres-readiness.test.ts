import request from 'supertest';
import { eventually } from '../helpers/eventually';
import { startHarness, type Harness } from '../helpers/harness';
import { describeWithPostgresCluster, startPostgresCluster, type PostgresCluster } from '../db/postgres-cluster';

/**
 * Readiness follows PostgreSQL: a cluster of this suite's own is stopped under a running app (/readyz 503 naming
 * the database, /healthz still 200, the process untouched) and started again (/readyz 200 by itself, no restart).
 */
describeWithPostgresCluster('readiness when PostgreSQL stops and returns', () => {
  let cluster: PostgresCluster;
  let h: Harness;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    h = await startHarness({ env: { DATABASE_URL: cluster.url } });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await cluster?.destroy();
  });

  /** Reads /readyz until it answers `status`, failing after `timeoutMs`; the statuses seen on the way. */
  async function readyzUntil(status: number, timeoutMs = 15_000): Promise<number[]> {
    const seen: number[] = [];
    await eventually(async () => {
      const res = await request(h.app).get('/readyz');
      if (seen.at(-1) !== res.status) seen.push(res.status);
      expect(res.status).toBe(status);
    }, { timeoutMs, intervalMs: 50 });
    return seen;
  }

  it('/readyz answers 503 naming the database while PostgreSQL is stopped, and 200 again once it is back', async () => {
    expect(h.deps.database.dialect).toBe('postgres');
    await request(h.app).get('/readyz').expect(200, { status: 'ready', sessionStore: 'ok', database: 'ok' });

    await cluster.stop();
    expect((await readyzUntil(503)).at(-1)).toBe(503);
    const down = await request(h.app).get('/readyz').expect(503);
    expect(down.body).toEqual({ status: 'unavailable', sessionStore: 'ok', database: 'failing' });
    expect(down.headers['retry-after']).toBe('5');
    // Liveness asks no dependency: a balancer's restart policy leaves the process alone.
    await request(h.app).get('/healthz').expect(200, { status: 'ok' });

    const restarted = Date.now();
    await cluster.start();
    const statuses = await readyzUntil(200);
    expect(statuses.at(-1)).toBe(200);
    await request(h.app).get('/readyz').expect(200, { status: 'ready', sessionStore: 'ok', database: 'ok' });
    console.log(`PostgreSQL back: /readyz 200 ${Date.now() - restarted} ms after pg_ctl start began; statuses seen: ${statuses.join(' → ')}`);
    expect(h.errors).toEqual([]);
  }, 60_000);
});
