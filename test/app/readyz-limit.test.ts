import type { Server } from 'node:http';
import { startHarness, type Harness } from '../helpers/harness';
import { listenOnLoopback } from '../helpers/net';

/**
 * /readyz needs no credentials and its session store check is a write: anyone able to reach it could turn a
 * burst of requests into a burst of writes. One probe at a time, its verdict shared for a second.
 */
let h: Harness;
let server: Server;
let base: string;
let stopListening: () => Promise<void>;
// The app's clock: moved on by the tests instead of waiting for a second to pass.
let skew = 0;

beforeAll(async () => {
  h = await startHarness({ deps: { now: () => Date.now() + skew } });
  ({ server, base, close: stopListening } = await listenOnLoopback(h.app));
});
afterAll(async () => {
  await stopListening();
  await h.close();
});

/** Counts the session store's probes (each one a write) while `act` runs. */
async function probesDuring(act: () => Promise<unknown>): Promise<number> {
  const probe = jest.spyOn(h.deps.sessionStore, 'probe');
  try {
    await act();
    return probe.mock.calls.length;
  } finally {
    probe.mockRestore();
  }
}

/** Resolves once the server has received `count` more requests. */
function arrivals(count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const onRequest = () => {
      seen += 1;
      if (seen < count) return;
      server.off('request', onRequest);
      resolve();
    };
    server.on('request', onRequest);
  });
}

const burst = (size: number) => Promise.all(Array.from({ length: size }, () => fetch(`${base}/readyz`).then(async (res) => ({ status: res.status, body: await res.json() }))));

it('100 requests in a burst share one probe of the session store, and all answer ready', async () => {
  skew += 1000;
  let replies: Awaited<ReturnType<typeof burst>> = [];
  const probes = await probesDuring(async () => {
    replies = await burst(100);
  });
  expect(probes).toBeLessThanOrEqual(2);
  expect(replies.every((reply) => reply.status === 200)).toBe(true);
  expect(replies[99].body).toEqual({ status: 'ready', sessionStore: 'ok', database: 'ok' });
});

it('a verdict a second old is not reused: the next request probes again', async () => {
  skew += 1000;
  expect(await probesDuring(() => fetch(`${base}/readyz`))).toBe(1);
  expect(await probesDuring(() => fetch(`${base}/readyz`))).toBe(0);
  skew += 1000;
  expect(await probesDuring(() => fetch(`${base}/readyz`))).toBe(1);
});

it('a probe still running is never doubled, however old it gets', async () => {
  skew += 1000;
  let release = () => undefined as void;
  const ping = h.deps.database.ping;
  const pings = jest.fn(() => new Promise<void>((resolve) => { release = resolve; }));
  h.deps.database.ping = pings;
  try {
    const firstArrived = arrivals(1);
    const first = fetch(`${base}/readyz`);
    await firstArrived;
    // Older than a second while it still runs: the burst waits for it rather than starting another.
    skew += 1000;
    const othersArrived = arrivals(20);
    const others = burst(20);
    await othersArrived;
    expect(pings).toHaveBeenCalledTimes(1);
    release();
    expect((await first).status).toBe(200);
    expect((await others).every((reply) => reply.status === 200)).toBe(true);
    expect(pings).toHaveBeenCalledTimes(1);
  } finally {
    h.deps.database.ping = ping;
  }
});
