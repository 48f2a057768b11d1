import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { csrfFrom, loginAs, startHarness, type Harness } from '../helpers/harness';
import { leaks, secretsSeen } from '../helpers/secrets';

/**
 * The hostile-input table: one row per case. Every row also checks that the page has no stack
 * trace, no secret, no unescaped echo of the input, and that the app still serves afterwards.
 */
type Who = 'pro' | 'basic' | 'anon';
type Csrf = 'valid' | 'none' | 'wrong' | 'other-session';
interface Row {
  name: string;
  who: Who;
  method: 'GET' | 'POST';
  path: string;
  /** urlencoded string, or fields object sent as a form */
  form?: string | Record<string, string>;
  json?: object;
  multipart?: Record<string, string>;
  csrf?: Csrf;
  status: number;
  fragment: string;
}

let h: Harness;
const agents = {} as Record<Who, TestAgent>;
const tokens = {} as Record<'pro' | 'basic', string>;
const PRO = '85746065001';
const BASIC = '81234567001';
const good = { stream_url: 'rtmp://live.example.com/app', stream_key: 'key-123', page_url: 'https://example.com/live' };
const XSS = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const form = (id: string) => `/meetings/${id}/livestream`;

beforeAll(async () => {
  h = await startHarness();
  for (const who of ['pro', 'basic'] as const) {
    agents[who] = request.agent(h.app);
    await loginAs(h, who, agents[who]);
    tokens[who] = csrfFrom((await agents[who].get('/')).text);
  }
  agents.anon = request.agent(h.app);
});
afterAll(() => h.close());

const fieldRows = (field: keyof typeof good, label: string, limit: number): Row[] => {
  const post = (value: string, status: number, fragment: string, who: Who = 'pro'): Row => ({
    name: `${field} ${value.length > 40 ? `${value.length} chars` : JSON.stringify(value)}`,
    who, method: 'POST', path: form(who === 'basic' ? BASIC : PRO), form: { ...good, [field]: value }, status, fragment,
  });
  const prefix = field === 'page_url' ? 'https://example.com/' : field === 'stream_url' ? 'rtmp://x/' : '';
  return [
    post('', 400, `Enter the ${label}`),
    post(prefix + 'a'.repeat(limit - prefix.length), 303, ''),
    post(prefix + 'a'.repeat(limit + 1 - prefix.length), 400, `at most ${limit.toLocaleString('en')} characters`),
    post(prefix + 'a\u0000b', 400, 'control characters'),
    post(prefix + 'a\r\nSet-Cookie: x=1', 400, 'control characters'),
    post(prefix + 'a\u202Eb\u200F🎥', 303, ''),
    // Markup is legal text in these fields: it reaches Zoom (which refuses the Basic host) and comes back escaped.
    post(prefix + XSS, 400, '3161', 'basic'),
    post(prefix + IMG, 400, '3161', 'basic'),
  ];
};

const rows: Row[] = [
  ...fieldRows('stream_url', 'stream URL', 1024),
  ...fieldRows('stream_key', 'stream key', 512),
  ...fieldRows('page_url', 'live stream page URL', 1024),
  { name: 'a body of 2 MB', who: 'pro', method: 'POST', path: form(PRO), form: { ...good, stream_key: 'k'.repeat(2_000_000) }, status: 413, fragment: 'Too much data' },
  ...['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'example.com/live', '//example.com/live'].map((page_url): Row => ({
    name: `page_url ${page_url}`, who: 'pro', method: 'POST', path: form(PRO), form: { ...good, page_url }, status: 400, fragment: 'must be a full web address',
  })),
  ...['0', '-1', '1e3', '0x10', '%20123', '9223372036854775808', '1'.repeat(30), '..%2Fetc', '%00', '123%0A'].flatMap((id): Row[] => [
    { name: `GET meeting id ${id}`, who: 'pro', method: 'GET', path: form(id), status: 400, fragment: 'A meeting ID is 1 to 19 digits' },
    { name: `POST meeting id ${id}`, who: 'pro', method: 'POST', path: form(id), form: good, status: 400, fragment: 'A meeting ID is 1 to 19 digits' },
  ]),
  { name: 'duplicated stream_url', who: 'pro', method: 'POST', path: form(PRO), form: 'stream_url=rtmp%3A%2F%2Fa&stream_url=rtmp%3A%2F%2Fb&stream_key=k&page_url=https%3A%2F%2Fe.com', status: 400, fragment: 'Send this field once' },
  { name: 'array-shaped stream_url[]', who: 'pro', method: 'POST', path: form(PRO), form: 'stream_url[]=rtmp%3A%2F%2Fa&stream_key=k&page_url=https%3A%2F%2Fe.com', status: 400, fragment: 'Enter the stream URL' },
  { name: 'a JSON body on the form route', who: 'pro', method: 'POST', path: form(PRO), json: good, status: 415, fragment: 'standard web form' },
  { name: 'a multipart body on the form route', who: 'pro', method: 'POST', path: form(PRO), multipart: good, status: 415, fragment: 'standard web form' },
  { name: 'no CSRF token', who: 'pro', method: 'POST', path: form(PRO), form: good, csrf: 'none', status: 403, fragment: 'This form has expired' },
  { name: 'a wrong CSRF token', who: 'pro', method: 'POST', path: form(PRO), form: good, csrf: 'wrong', status: 403, fragment: 'This form has expired' },
  { name: 'another session\'s CSRF token', who: 'pro', method: 'POST', path: form(PRO), form: good, csrf: 'other-session', status: 403, fragment: 'This form has expired' },
  { name: 'logout without a CSRF token', who: 'pro', method: 'POST', path: '/logout', form: {}, csrf: 'none', status: 403, fragment: 'This form has expired' },
  { name: 'callback with a state but no pending login', who: 'anon', method: 'GET', path: '/oauth/callback?code=abc&state=def', status: 400, fragment: 'not valid' },
  { name: 'callback with an array-shaped state', who: 'pro', method: 'GET', path: '/oauth/callback?code=abc&state=a&state=b', status: 400, fragment: 'not valid' },
  { name: 'callback with a Zoom error and markup in the description', who: 'anon', method: 'GET', path: `/oauth/callback?error=server_error&error_description=${encodeURIComponent(XSS)}`, status: 400, fragment: 'Zoom sign-in failed' },
  { name: 'meeting-ID box with markup', who: 'pro', method: 'GET', path: `/meetings?meetingId=${encodeURIComponent(IMG)}`, status: 400, fragment: 'A meeting ID is 1 to 19 digits' },
  { name: 'home with a hostile page token', who: 'pro', method: 'GET', path: `/?page=${encodeURIComponent(XSS)}`, status: 200, fragment: 'Upcoming meetings' },
  { name: 'an unknown route with markup', who: 'anon', method: 'GET', path: `/${encodeURIComponent(XSS)}`, status: 404, fragment: 'Page not found' },
  { name: 'a form POST while not connected', who: 'anon', method: 'POST', path: form(PRO), form: good, csrf: 'none', status: 403, fragment: 'This form has expired' },
];

function send(row: Row): Promise<request.Response> {
  const agent = agents[row.who];
  if (row.method === 'GET') return agent.get(row.path);
  const token = row.who === 'anon' ? '' : tokens[row.who];
  const csrf = { valid: token, none: undefined, wrong: 'x'.repeat(token.length || 32), 'other-session': tokens[row.who === 'pro' ? 'basic' : 'pro'] }[row.csrf ?? 'valid'];
  const post = agent.post(row.path);
  if (row.json) return post.send({ ...row.json, _csrf: csrf });
  if (row.multipart) {
    for (const [key, value] of Object.entries({ ...row.multipart, _csrf: csrf ?? '' })) post.field(key, value);
    return post;
  }
  if (typeof row.form === 'string') return post.type('form').send(csrf ? `${row.form}&_csrf=${encodeURIComponent(csrf)}` : row.form);
  return post.type('form').send(csrf ? { ...row.form, _csrf: csrf } : row.form);
}

it('has at least 40 rows', () => {
  expect(rows.length).toBeGreaterThanOrEqual(40);
});

it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
  const res = await send(row);
  expect(res.status).toBe(row.status);
  if (row.fragment) expect(res.text).toContain(row.fragment);
  expect(res.text).not.toMatch(/\n\s+at .+:\d+:\d+\)?/);
  expect(res.text).not.toContain('<script>alert(1)');
  expect(res.text).not.toContain('<img src=x');
  expect(leaks(res.text + JSON.stringify(res.headers), secretsSeen(h))).toEqual([]);
  await request(h.app).get('/healthz').expect(200);
});

it('logged no unexpected error for any row', () => {
  expect(h.errors).toEqual([]);
});
