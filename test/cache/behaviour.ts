import { MAX_KEYS_PER_HOST } from '../../src/cache/types';
import { deferred, manualClock, newHost, until, type MakeCache } from './helpers';

const TTL = 30_000;

/** What every store must do: the same tests run against memory and against Redis. */
export function behavesAsReadCache(make: () => MakeCache): void {
  it('a second read within the TTL is served from the cache without calling Zoom', async () => {
    const clock = manualClock();
    const cache = make()({ ttlMs: TTL, now: clock.now });
    const host = newHost();
    const load = jest.fn(async () => ({ topic: 'Weekly' }));

    const first = await cache.read(host, 'user:me', load);
    clock.advance(TTL - 1);
    const second = await cache.read(host, 'user:me', load);

    expect(load).toHaveBeenCalledTimes(1);
    expect(second).toEqual({ value: { topic: 'Weekly' }, at: first.at });
    expect(first.at).toBe(clock.now() - (TTL - 1));
  });

  it('an entry as old as the TTL is a miss, loaded again and kept with its new time', async () => {
    const clock = manualClock();
    const cache = make()({ ttlMs: TTL, now: clock.now });
    const host = newHost();
    let version = 0;
    const load = jest.fn(async () => ({ version: ++version }));

    await cache.read(host, 'k', load);
    clock.advance(TTL);
    const reloaded = await cache.read(host, 'k', load);
    const kept = await cache.read(host, 'k', load);

    expect(load).toHaveBeenCalledTimes(2);
    expect(reloaded).toEqual({ value: { version: 2 }, at: clock.now() });
    expect(kept).toEqual(reloaded);
  });

  it('entries are kept per host and per key', async () => {
    const cache = make()({ ttlMs: TTL, now: manualClock().now });
    const [a, b] = [newHost(), newHost()];

    await cache.read(a, 'one', async () => 'a-one');
    await cache.read(a, 'two', async () => 'a-two');
    await cache.read(b, 'one', async () => 'b-one');

    const never = jest.fn(async () => 'loaded');
    expect((await cache.read(a, 'one', never)).value).toBe('a-one');
    expect((await cache.read(a, 'two', never)).value).toBe('a-two');
    expect((await cache.read(b, 'one', never)).value).toBe('b-one');
    expect(never).not.toHaveBeenCalled();
  });

  it('ten concurrent reads of one host + key share one load and all get its value', async () => {
    const cache = make()({ ttlMs: TTL, now: manualClock().now });
    const host = newHost();
    const load = jest.fn(async () => ({ meetings: [{ id: '85746065432' }] }));

    const readings = await Promise.all(Array.from({ length: 10 }, () => cache.read(host, 'list:meeting:30:', load)));

    expect(load).toHaveBeenCalledTimes(1);
    for (const reading of readings) expect(reading).toBe(readings[0]);
  });

  it('a rejected load reaches every waiter and is not kept', async () => {
    const cache = make()({ ttlMs: TTL, now: manualClock().now });
    const host = newHost();
    const failure = new Error('Zoom answered 500');
    const failing = jest.fn(async () => {
      throw failure;
    });

    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => cache.read(host, 'k', failing)));
    const after = await cache.read(host, 'k', async () => 'recovered');

    expect(failing).toHaveBeenCalledTimes(1);
    expect(outcomes.every((outcome) => outcome.status === 'rejected' && outcome.reason === failure)).toBe(true);
    expect(after.value).toBe('recovered');
  });

  it('bypass (the page\'s Refresh) loads although an entry is fresh, and keeps what it loaded', async () => {
    const cache = make()({ ttlMs: TTL, now: manualClock().now });
    const host = newHost();

    await cache.read(host, 'k', async () => 'before');
    const refreshed = await cache.read(host, 'k', async () => 'after', { bypass: true });
    const next = await cache.read(host, 'k', async () => 'loaded again');

    expect(refreshed.value).toBe('after');
    expect(next.value).toBe('after');
  });

  it('a bypass does not join a plain read in flight; later plain reads join the bypass, and the older answer is not kept over it', async () => {
    const cache = make()({ ttlMs: TTL, now: manualClock().now });
    const host = newHost();
    const [older, fresher] = [deferred<string>(), deferred<string>()];
    const late = jest.fn(async () => 'never');

    const plain = cache.read(host, 'k', () => older.promise);
    const bypass = cache.read(host, 'k', () => fresher.promise, { bypass: true });
    const joiner = cache.read(host, 'k', late);
    fresher.resolve('fresh');
    await bypass;
    older.resolve('stale');

    expect((await plain).value).toBe('stale');
    expect((await bypass).value).toBe('fresh');
    expect(await joiner).toBe(await bypass);
    expect(late).not.toHaveBeenCalled();
    expect((await cache.read(host, 'k', late)).value).toBe('fresh');
  });

  it('forgetHost clears that host only', async () => {
    const cache = make()({ ttlMs: TTL, now: manualClock().now });
    const [gone, kept] = [newHost(), newHost()];
    await cache.read(gone, 'k', async () => 'old');
    await cache.read(kept, 'k', async () => 'other host');

    await cache.forgetHost(gone);

    expect((await cache.read(gone, 'k', async () => 'new')).value).toBe('new');
    expect((await cache.read(kept, 'k', async () => 'reloaded')).value).toBe('other host');
  });

  it('a load that began before forgetHost and resolves after it is not served afterwards, nor joined', async () => {
    const cache = make()({ ttlMs: TTL, now: manualClock().now });
    const host = newHost();
    const slow = deferred<string>();
    let calls = 0;

    const early = cache.read(host, 'k', () => (calls++, slow.promise));
    await until(() => calls === 1);
    await cache.forgetHost(host);
    const afterForget = cache.read(host, 'k', async () => 'after forget');
    slow.resolve('before forget');

    expect((await early).value).toBe('before forget');
    expect((await afterForget).value).toBe('after forget');
    expect((await cache.read(host, 'k', async () => 'loaded')).value).toBe('after forget');
  });

  it('ttlMs 0 keeps nothing, yet concurrent reads still share one load', async () => {
    const cache = make()({ ttlMs: 0, now: manualClock().now });
    const host = newHost();
    const load = jest.fn(async () => 'answer');

    await Promise.all([cache.read(host, 'k', load), cache.read(host, 'k', load)]);
    await cache.read(host, 'k', load);

    expect(load).toHaveBeenCalledTimes(2);
  });

  it(`a host past ${MAX_KEYS_PER_HOST} keys still keeps its newest and drops its oldest`, async () => {
    const cache = make()({ ttlMs: TTL, now: manualClock().now });
    const host = newHost();
    for (let page = 0; page <= MAX_KEYS_PER_HOST; page++) await cache.read(host, `list:meeting:30:${page}`, async () => page);

    const again = jest.fn(async () => -1);
    expect((await cache.read(host, `list:meeting:30:${MAX_KEYS_PER_HOST}`, again)).value).toBe(MAX_KEYS_PER_HOST);
    expect((await cache.read(host, 'list:meeting:30:0', again)).value).toBe(-1);
  });
}
