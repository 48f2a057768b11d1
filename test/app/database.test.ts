import request from 'supertest';
import { startHarness, type Harness } from '../helpers/harness';

/** The app's own database as the app sees it: migrated at start, reported by /readyz, its failure a 503. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

it('is migrated: both tables exist and answer', async () => {
  await expect(h.deps.database.db.selectFrom('destinations').selectAll().execute()).resolves.toEqual([]);
  await expect(h.deps.database.db.selectFrom('change_history').selectAll().execute()).resolves.toEqual([]);
});

it('/readyz reports the database', async () => {
  await request(h.app).get('/readyz').expect(200, { status: 'ready', sessionStore: 'ok', database: 'ok' });
});

it('/readyz answers 503 naming the database when it cannot answer; /healthz (liveness) still 200', async () => {
  const broken = await startHarness();
  try {
    await broken.deps.database.close();
    await request(broken.app).get('/readyz').expect(503, { status: 'unavailable', sessionStore: 'ok', database: 'failing' });
    await request(broken.app).get('/healthz').expect(200, { status: 'ok' });
  } finally {
    // The database is closed already: stop the job runner (its poll timer keeps jest alive) and the emulator.
    await broken.deps.jobRunner.stop();
    await broken.emulator.close();
  }
});

it('a destination and a history entry go in sealed and come back open', async () => {
  const saved = await h.deps.destinations.create('user-1', { name: 'YouTube', stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'yt-secret-key', page_url: 'https://youtube.com/live', resolution: '1080p' });
  expect((await h.deps.destinations.list('user-1')).map((d) => d.stream_key)).toEqual(['yt-secret-key']);
  expect(await h.deps.destinations.get('user-2', saved.id)).toBeUndefined();
  const raw = await h.deps.database.db.selectFrom('destinations').selectAll().execute();
  expect(JSON.stringify(raw)).not.toContain('yt-secret-key');
  const settings = { stream_url: 'rtmp://x/live', stream_key: 'hist-key', page_url: 'https://x/watch', resolution: '' };
  await h.deps.history.record({ userId: 'user-1', kind: 'meeting', eventId: '90071992547409931', source: 'form', before: settings, after: { ...settings, stream_key: 'new-key' } });
  const [entry] = await h.deps.history.recent('user-1', 'meeting', '90071992547409931');
  expect(entry.before.stream_key).toBe('hist-key');
  expect(entry.after.stream_key).toBe('new-key');
  expect(JSON.stringify(await h.deps.database.db.selectFrom('change_history').selectAll().execute())).not.toMatch(/hist-key|new-key/);
});
