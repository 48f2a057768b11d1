import { SessionStoreUnavailableError } from '../../src/sessions/errors';
import { csrfFrom, loginAs, startHarness, type Harness } from '../helpers/harness';

/**
 * POST /meetings/:meetingId/livestream/status when Zoom accepts the start but the session store fails on the
 * save before the redirect: the host gets the 503 page, not a request that never answers.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const IN_PROGRESS = '90071992547409931';

it('a start Zoom accepted, then a session store that cannot save, answers 503 "Session service unavailable"', async () => {
  await loginAs(h, 'pro');
  const page = await h.agent.get(`/meetings/${IN_PROGRESS}/livestream`).expect(200);
  const store = h.deps.sessionStore;
  const set = store.set;
  store.set = (_sid, _session, callback) => callback?.(new SessionStoreUnavailableError(new Error('store down')));
  try {
    const res = await h.agent.post(`/meetings/${IN_PROGRESS}/livestream/status`).type('form')
      .send({ _csrf: csrfFrom(page.text), action: 'start', display_name: 'Priya live' })
      .timeout(5000);

    expect(res.status).toBe(503);
    expect(res.text).toMatch(/<h1[^>]*>Session service unavailable<\/h1>/);
  } finally {
    store.set = set;
  }
  expect(h.emulator.liveStateOf(IN_PROGRESS)?.live).toBe(true);
  expect(h.errors).toEqual([]);
});
