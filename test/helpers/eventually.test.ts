import { eventually } from './eventually';

/** The tests' one polling helper: it waits for a condition, and fails with what it last saw. */
it('resolves to the first value returned without a throw or false', async () => {
  let looks = 0;
  const value = await eventually(() => {
    looks += 1;
    if (looks < 3) throw new Error('not yet');
    return looks === 3 ? false : `look ${looks}`;
  }, { intervalMs: 1 });
  expect(value).toBe('look 4');
});

it('after timeoutMs rejects with the last failure, without waiting longer', async () => {
  const started = Date.now();
  await expect(eventually(() => { throw new Error('job 7 not ready: running'); }, { timeoutMs: 50, intervalMs: 10 }))
    .rejects.toThrow('not within 50 ms: job 7 not ready: running');
  expect(Date.now() - started).toBeLessThan(1000);
  await expect(eventually(() => false, { timeoutMs: 20, intervalMs: 5 })).rejects.toThrow('the condition was still false');
});
