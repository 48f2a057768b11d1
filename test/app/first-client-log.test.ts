import request from 'supertest';
import { startHarness, type Harness } from '../helpers/harness';

/**
 * A TRUST_PROXY hop count larger than the real proxies lets a client's own X-Forwarded-For entry become its
 * address (and pass the rate limit). Start-up cannot know the real chain, so the first request's address is
 * logged, with the header it came from, for the operator to compare with their own.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { TRUST_PROXY: '2' } });
});
afterAll(() => h.close());

const firstClientLines = () => h.logs.map((line) => JSON.parse(line)).filter((line) => line.clientAddress !== undefined);

it('logs once the address Express derived for the first page request and the X-Forwarded-For it came from', async () => {
  await request(h.app).get('/readyz').expect(200);
  expect(firstClientLines()).toEqual([]);
  // Two hops trusted behind one real proxy: the client-written first entry wins.
  await request(h.app).get('/').set('X-Forwarded-For', '198.51.100.7, 203.0.113.9').expect(200);
  await request(h.app).get('/').set('X-Forwarded-For', '192.0.2.1').expect(200);
  const lines = firstClientLines();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ level: 30, clientAddress: '198.51.100.7', forwardedFor: '198.51.100.7, 203.0.113.9', trustProxy: 2 });
  expect(lines[0].msg).toMatch(/first request since start.*TRUST_PROXY/);
});
