import { createClient } from 'redis';
import { createPacer, type Pacer } from '../../src/jobs/pacer';
import { deleteKeys, describeWithRedis, REDIS_TEST_URL, uniquePrefix } from '../sessions/redis-test-env';

/**
 * The pacer with a clock the test moves: time stands still while tasks run and only jumps when every
 * waiting task sleeps, so "started in second s" is exact and no test waits for real seconds (but one).
 */
class FakeClock {
  t = 1_700_000_000_250;
  private waiters: Array<{ at: number; resolve: () => void }> = [];
  now = (): number => this.t;
  sleep = (ms: number): Promise<void> => new Promise((resolve) => this.waiters.push({ at: this.t + ms, resolve }));

  /** Moves time to the next waiter's wake-up whenever the tasks have settled (Redis replies included). */
  async drive<T>(work: Promise<T>): Promise<T> {
    let finished = false;
    const done = work.finally(() => (finished = true));
    while (!finished) {
      await new Promise((resolve) => setTimeout(resolve, 15));
      if (finished || this.waiters.length === 0) continue;
      this.t = Math.max(this.t, Math.min(...this.waiters.map((w) => w.at)));
      const due = this.waiters.filter((w) => w.at <= this.t);
      this.waiters = this.waiters.filter((w) => w.at > this.t);
      for (const waiter of due) waiter.resolve();
    }
    return done;
  }
}

/** Starts `count` tasks on the pacers (round robin) and returns how many started in each second. */
async function startsPerSecond(clock: FakeClock, pacers: Pacer[], count: number, account = 'acct'): Promise<number[]> {
  const seconds: number[] = [];
  const tasks = Array.from({ length: count }, (_, i) => pacers[i % pacers.length].run(account, async () => void seconds.push(Math.floor(clock.now() / 1000))));
  await clock.drive(Promise.all(tasks));
  const perSecond = new Map<number, number>();
  for (const second of seconds) perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  return [...perSecond.values()];
}

describe('pacer (in memory)', () => {
  it('never starts more than perSecond tasks of one account in a one-second window', async () => {
    const clock = new FakeClock();
    const pacer = createPacer({ perSecond: 30, concurrency: 4, now: clock.now, sleep: clock.sleep });
    expect(await startsPerSecond(clock, [pacer], 95)).toEqual([30, 30, 30, 5]);
  });

  it('accounts have budgets of their own', async () => {
    const clock = new FakeClock();
    const pacer = createPacer({ perSecond: 5, concurrency: 2, now: clock.now, sleep: clock.sleep });
    const both = await Promise.all([startsPerSecond(clock, [pacer], 5, 'a'), startsPerSecond(clock, [pacer], 5, 'b')]);
    expect(both).toEqual([[5], [5]]);
  });

  it('keeps at most `concurrency` tasks of one account in flight; other accounts are not held up', async () => {
    const pacer = createPacer({ perSecond: 1000, concurrency: 2 });
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let inFlight = 0;
    let most = 0;
    const task = async () => {
      most = Math.max(most, (inFlight += 1));
      await gate;
      inFlight -= 1;
    };
    const held = Promise.all(Array.from({ length: 9 }, () => pacer.run('acct', task)));
    await expect(pacer.run('other', async () => inFlight)).resolves.toBe(2);
    open();
    await held;
    expect(most).toBe(2);
    await expect(pacer.run('acct', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(pacer.run('acct', async () => 'slot freed after a failure')).resolves.toBe('slot freed after a failure');
  });

  it('with the real clock: the sixth request of a 5/s account waits for the next second', async () => {
    const pacer = createPacer({ perSecond: 5, concurrency: 5 });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => pacer.run('acct', async () => void starts.push(Date.now()))));
    const seconds = starts.map((at) => Math.floor(at / 1000));
    expect(seconds.filter((s) => s === seconds[0]).length).toBeLessThanOrEqual(5);
    expect(seconds[5]).toBeGreaterThan(seconds[0]);
  });
});

describeWithRedis('pacer (shared through Redis)', () => {
  const prefix = uniquePrefix('pacer');
  const clients = [createClient({ url: REDIS_TEST_URL }), createClient({ url: REDIS_TEST_URL })];

  beforeAll(async () => void (await Promise.all(clients.map((client) => client.connect()))));
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await deleteKeys(REDIS_TEST_URL, prefix);
  });

  it('two instances together stay within the account\'s rate', async () => {
    const clock = new FakeClock();
    const pacers = clients.map((redis) => createPacer({ perSecond: 10, concurrency: 3, redis, prefix, now: clock.now, sleep: clock.sleep }));
    // At most 10 in any second, together. (How the last ones spread depends on when Redis answers under load.)
    const perSecond = await startsPerSecond(clock, pacers, 45);
    expect(Math.max(...perSecond)).toBeLessThanOrEqual(10);
    expect(perSecond.reduce((sum, n) => sum + n, 0)).toBe(45);
    expect(perSecond[0]).toBe(10);
  });

  it('paces by itself when Redis does not answer', async () => {
    const clock = new FakeClock();
    const closed = createClient({ url: REDIS_TEST_URL, disableOfflineQueue: true }); // never connected: every command fails
    const pacer = createPacer({ perSecond: 10, concurrency: 3, redis: closed, prefix, now: clock.now, sleep: clock.sleep });
    expect(await startsPerSecond(clock, [pacer], 25)).toEqual([10, 10, 5]);
  });
});
