import { MAX_DESTINATIONS } from '../../src/destinations/types';
import { csrfFrom, inputValue, loginAs, startHarness, type Harness } from '../helpers/harness';
import { connectYouTube } from '../youtube/connect';

/**
 * A YouTube destination (issue 24): saved on /destinations with its own form (privacy, title pattern, description,
 * start and end with the stream) and no stream fields; it needs the host's YouTube connected; the list says
 * "YouTube · <privacy>" in place of a masked key.
 */
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ youtube: {} });
  await loginAs(h, 'pro');
});
afterEach(() => h.close());

const userId = () => h.emulator.hosts.pro.id;
const ZH = 'zh-CN,zh;q=0.9';
const townHall = { name: 'Town hall on YouTube', privacy: 'public', titlePattern: 'Town hall: {topic} ({date})', description: 'Questions welcome.\r\nSecond line.', autoStart: 'on' };

/** Reads `formPath` for its CSRF token, then posts the fields as a browser would (an unticked box is left out). */
async function post(path: string, fields: Record<string, string>, formPath = '/destinations/new?type=youtube', language = 'en') {
  const form = await h.agent.get(formPath).set('Accept-Language', language);
  return h.agent.post(path).set('Accept-Language', language).type('form').send({ _csrf: csrfFrom(form.text), ...fields });
}

const stored = () => h.deps.database.db.selectFrom('destinations').selectAll().where('user_id', '=', userId()).execute();
const checked = (html: string, id: string) => new RegExp(`id="${id}"[^>]* checked`).test(html);

describe('a YouTube destination', () => {
  it('is offered first once YouTube is connected, and its form shows the channel, no stream fields, unlisted and both boxes ticked', async () => {
    await connectYouTube(h);
    const channel = await h.deps.youtube!.grant.channelOf(userId());
    if (typeof channel !== 'object') throw new Error('no channel');

    const list = (await h.agent.get('/destinations').expect(200)).text;
    expect(list.indexOf('href="/destinations/new?type=youtube"')).toBeLessThan(list.indexOf('href="/destinations/new"'));
    expect(list).toContain('New YouTube destination');
    const form = (await h.agent.get('/destinations/new?type=youtube').expect(200)).text;

    expect(form).toContain(`value="${channel.title}" readonly`);
    expect(form).toContain('<input type="hidden" name="type" value="youtube">');
    expect(form).toMatch(/<fieldset class="privacy"[^>]*>\s*<legend>Who can watch<\/legend>/);
    expect(checked(form, 'privacy-unlisted')).toBe(true);
    expect(checked(form, 'privacy-public')).toBe(false);
    expect(checked(form, 'autoStart') && checked(form, 'autoStop')).toBe(true);
    expect(form).toContain('{topic} becomes the meeting');
    expect(form).toContain('Example, for an event “Weekly town hall” on 2026-05-01: “Weekly town hall — 2026-05-01”');
    for (const field of ['stream_url', 'stream_key', 'page_url', 'resolution']) expect(form).not.toContain(`name="${field}"`);
  });

  it('is saved with its options as JSON and empty stream fields, listed as "YouTube · Public", and edited with its own form', async () => {
    await connectYouTube(h);

    const created = await post('/destinations', { ...townHall, type: 'youtube' });

    expect(created.status).toBe(303);
    const [row] = await stored();
    expect(row).toMatchObject({ name: 'Town hall on YouTube', stream_url: '', page_url: '', resolution: '' });
    expect(h.deps.vault.open(row.sealed_stream_key)).toBe('');
    // The textarea's CRLF is kept as one line break; the unticked box is off.
    expect(JSON.parse(row.youtube!)).toEqual({ privacy: 'public', titlePattern: 'Town hall: {topic} ({date})', description: 'Questions welcome.\nSecond line.', autoStart: true, autoStop: false });
    const list = (await h.agent.get('/destinations').expect(200)).text;
    expect(list).toContain('Destination “Town hall on YouTube” saved');
    expect(list).toContain('>YouTube · Public</td>');
    expect(list).not.toContain('<td class="key"');

    const edit = (await h.agent.get(`/destinations/${row.id}/edit`).expect(200)).text;
    expect(inputValue(edit, 'titlePattern')).toBe('Town hall: {topic} ({date})');
    expect(checked(edit, 'privacy-public') && checked(edit, 'autoStart')).toBe(true);
    expect(checked(edit, 'autoStop')).toBe(false);
    expect(edit).not.toContain('name="stream_url"');
    // The stored kind decides the form: no `type` on edit, and the YouTube rules apply.
    const saved = await post(`/destinations/${row.id}/edit`, { name: 'Town hall', privacy: 'private', titlePattern: '', description: '', autoStop: 'on' }, `/destinations/${row.id}/edit`);
    expect(saved.status).toBe(303);
    expect(await h.deps.destinations.get(userId(), row.id)).toMatchObject({
      name: 'Town hall', stream_url: '', youtube: { privacy: 'private', titlePattern: '', description: '', autoStart: false, autoStop: true },
    });
    expect((await h.agent.get('/destinations').expect(200)).text).toContain('>YouTube · Private</td>');
  });

  it.each([
    ['no privacy', { privacy: undefined }, 'privacy', 'Choose who can watch the broadcasts.'],
    ['an unknown privacy', { privacy: 'friends' }, 'privacy', 'Choose Public, Unlisted or Private.'],
    ['an empty name', { name: '' }, 'name', 'Enter a name for this destination.'],
    ['a title pattern over 200 characters', { titlePattern: 't'.repeat(201) }, 'titlePattern', 'The broadcast title can be at most 200 characters.'],
    ['a title pattern with < or >', { titlePattern: '<b>{topic}</b>' }, 'titlePattern', 'The broadcast title must not contain &lt; or &gt;'],
    ['a description over 5000 characters', { description: 'd'.repeat(5001) }, 'description', 'The description can be at most 5000 characters.'],
    ['a description with < or >', { description: 'a <script>' }, 'description', 'The description must not contain &lt; or &gt;'],
  ])('refuses %s with a 400 that names the field and keeps what was typed', async (_label, change, field, message) => {
    await connectYouTube(h);
    const fields = Object.fromEntries(Object.entries({ ...townHall, type: 'youtube', ...change }).filter(([, value]) => value !== undefined)) as Record<string, string>;

    const res = await post('/destinations', fields);

    expect(res.status).toBe(400);
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain(`id="${field}-error">${message}`);
    if (field !== 'description') expect(res.text).toContain('Questions welcome.\nSecond line.</textarea>');
    if (field !== 'titlePattern') expect(inputValue(res.text, 'titlePattern')).toBe(townHall.titlePattern);
    expect(checked(res.text, 'autoStart')).toBe(true);
    expect(checked(res.text, 'autoStop')).toBe(false);
    expect(await stored()).toEqual([]);
  });

  it('takes a 5000-character Chinese description (larger than the other forms\' body limit) and a pattern with neither placeholder', async () => {
    await connectYouTube(h);
    const res = await post('/destinations', { ...townHall, type: 'youtube', titlePattern: 'Weekly stream', description: '直'.repeat(5000) });
    expect(res.status).toBe(303);
    expect((await h.deps.destinations.list(userId()))[0].youtube).toMatchObject({ titlePattern: 'Weekly stream', description: '直'.repeat(5000) });
  });

  it('while YouTube is not connected: the list says to connect first, and saving one is a 409 with the Connect step', async () => {
    const list = (await h.agent.get('/destinations').expect(200)).text;
    expect(list).toContain('For a YouTube destination (the app creates each broadcast for you), connect YouTube first.');
    expect(list).not.toContain('href="/destinations/new?type=youtube"');

    const res = await post('/destinations', { ...townHall, type: 'youtube' }, '/destinations/new');

    expect(res.status).toBe(409);
    expect(res.text).toContain('Connect YouTube first');
    expect(res.text).toContain('href="/youtube/connect"');
    expect(inputValue(res.text, 'name')).toBe(townHall.name);
    expect(await stored()).toEqual([]);
    expect(h.errors).toEqual([]);
  });

  it('refuses a name already taken and the 51st destination as any destination does', async () => {
    await connectYouTube(h);
    await h.deps.destinations.create(userId(), { name: townHall.name, stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'k-1', page_url: 'https://example.com/live', resolution: '' });

    const taken = await post('/destinations', { ...townHall, type: 'youtube' });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('You already have a destination with this name.');
    expect(checked(taken.text, 'privacy-public')).toBe(true);

    for (let i = 1; i < MAX_DESTINATIONS; i += 1) {
      await h.deps.destinations.create(userId(), { name: `Stream ${i}`, stream_url: 'rtmp://example.com/live', stream_key: `k${i}`, page_url: 'https://example.com/', resolution: '' });
    }
    const full = await post('/destinations', { ...townHall, type: 'youtube', name: 'One more' });
    expect(full.status).toBe(409);
    expect(full.text).toContain('Not saved: you have reached the limit');
    expect(full.text).toContain('name="titlePattern"');
  });

  it('shows its form and the list in Chinese', async () => {
    await connectYouTube(h);
    await post('/destinations', { ...townHall, type: 'youtube' });
    const [saved] = await h.deps.destinations.list(userId());

    const form = (await h.agent.get(`/destinations/${saved.id}/edit`).set('Accept-Language', ZH).expect(200)).text;
    const list = (await h.agent.get('/destinations').set('Accept-Language', ZH).expect(200)).text;
    const refused = await post('/destinations', { ...townHall, type: 'youtube', privacy: '' }, '/destinations/new?type=youtube', ZH);

    for (const words of ['谁可以观看', '不公开列出', '直播标题（可选）', '收到推流时自动开始直播', '推流停止时自动结束直播', 'YouTube 频道']) expect(form).toContain(words);
    expect(list).toContain('新建 YouTube 推流目标');
    expect(list).toContain('>YouTube（公开）</td>');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('请选择谁可以观看直播。');
  });
});
