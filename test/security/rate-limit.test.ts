import request from 'supertest';
import { startHarness } from '../helpers/harness';

it('limits /install per client and answers with a clear 429 page and Retry-After', async () => {
  const h = await startHarness({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
  try {
    for (let i = 0; i < 5; i += 1) await request(h.app).get('/install').expect(302);
    const res = await request(h.app).get('/install').expect(429);
    expect(res.text).toContain('Too many requests');
    expect(res.text).toContain('Wait a minute');
    expect(res.headers['retry-after']).toBe('60');
    // Pages that cost nothing stay available, and Zoom's webhooks are never limited.
    await request(h.app).get('/').expect(200);
    await request(h.app).get('/healthz').expect(200);
    const hook = await request(h.app).post('/webhooks/zoom').send({}).expect(401);
    expect(hook.body.error).toContain('missing');
  } finally {
    await h.close();
  }
});
