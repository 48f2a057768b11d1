import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { flatten, loadCatalogues } from '../../src/i18n/catalogues';
import { describeLicence } from '../../src/web/shared/format';

/**
 * The catalogues are complete and agree: same keys, same placeholders, and every key the code or
 * the views ask for exists. A key built at run time cannot be found by scanning, so each such
 * family is listed below with where it is built; the test checks the family exists.
 */
const ROOT = path.join(__dirname, '..', '..');
const catalogues = loadCatalogues();
const en = flatten(catalogues.en);
const zh = flatten(catalogues['zh-CN']);

const DYNAMIC_KEY_FAMILIES: Array<{ prefix: string; builtIn: string }> = [
  { prefix: 'licence.', builtIn: 'src/web/shared/format.ts describeLicence → views/home.ejs t(licence)' },
  { prefix: 'zoom.explain.', builtIn: 'src/web/shared/failures.ts, `zoom.explain.${code}` for the codes we explain' },
  { prefix: 'zoom.explainStop.', builtIn: 'src/web/shared/failures.ts, `zoom.explainStop.${code}`' },
  { prefix: 'notices.', builtIn: 'routes store the key in req.session.notice; src/web/middleware/locals.ts translates it' },
  { prefix: 'form.errors.', builtIn: 'src/livestream/*.ts, `form.errors.${field}.${rule}`' },
  { prefix: 'home.list.', builtIn: 'views/partials/event-list.ejs: by kind, and why webinars are unavailable' },
  { prefix: 'readiness.', builtIn: 'views/partials/readiness.ejs: each setting, yes/no, and what to do' },
  { prefix: 'zoom.explain200.', builtIn: 'src/web/shared/failures.ts: Zoom\'s code 200, told apart by its message' },
  { prefix: 'zoom.explainWebinar.', builtIn: 'src/web/shared/failures.ts: codes whose explanation names the webinar' },
  { prefix: 'livestream.titleFallback.', builtIn: 'views: by the page\'s kind (meeting, webinar)' },
  { prefix: 'livestream.idLabel.', builtIn: 'views/partials/event-context.ejs: by kind' },
  { prefix: 'livestream.context.', builtIn: 'views/partials/event-context.ejs: recurring.<kind>' },
  { prefix: 'live.sandboxZoom.', builtIn: 'views/partials/status-form.ejs: by kind, the link to the sandbox emulator\'s page of the event' },
  { prefix: 'live.state.', builtIn: 'views/partials/event-context.ejs, views/streams.ejs: the live state (src/events/live-view.ts), in progress or not started' },
  { prefix: 'livestream.failed.load.', builtIn: 'src/web/livestream/page.ts: by kind' },
  { prefix: 'live.failed.', builtIn: 'src/web/livestream/page.ts: by action (start, stop)' },
  { prefix: 'livestream.fields.', builtIn: 'src/web/livestream/page.ts: the changed fields\' names in the saved notice; views/partials/history.ejs: each changed field' },
  { prefix: 'history.source.', builtIn: 'views/partials/history.ejs: what made the change (form, restore, bulk)' },
  { prefix: 'destinations.presets.', builtIn: 'views/destinations-form.ejs: each starting point\'s hint, by src/destinations/form.ts PRESETS id' },
  { prefix: 'streams.errors.', builtIn: 'src/web/streams/handlers.ts: what is wrong with the ticks (src/web/streams/targets.ts TargetsProblem)' },
  { prefix: 'streams.listFailed.', builtIn: 'src/web/streams/handlers.ts: by kind, the heading of a list Zoom would not give' },
  { prefix: 'streams.truncated.', builtIn: 'views/streams.ejs: by kind' },
  { prefix: 'streams.kind.', builtIn: 'views/streams.ejs, views/job.ejs: by kind' },
  { prefix: 'jobs.title.', builtIn: 'views/job.ejs, views/streams.ejs: by the job\'s action (apply, undo)' },
  { prefix: 'jobs.status.', builtIn: 'src/web/jobs/view.ts stateOf: by the job\'s status, waiting and paused reasons' },
  { prefix: 'jobs.actions.', builtIn: 'views/job.ejs: each button\'s label and help' },
  { prefix: 'jobs.outcome.', builtIn: 'views/job.ejs: each item\'s outcome (src/web/jobs/view.ts Outcome)' },
];

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full, ext);
    return full.endsWith(ext) ? [full] : [];
  });
}

/** t('key'), req.t("key"), around('key', …): the literal first argument of every translation call. */
const CALL = /(?<![\w$])(?:t|around)\(\s*(['"])([^'"]+)\1/g;

function keysUsedIn(files: string[]): Array<{ key: string; file: string }> {
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(CALL)].map((match) => ({ key: match[2], file: path.relative(ROOT, file) }));
  });
}

/** {{name}} and {{name, format}} → name, sorted: what a translator must keep. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^,}\s]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
}

describe('the en and zh-CN catalogues', () => {
  it('have the same keys', () => {
    expect([...zh.keys()].filter((key) => !en.has(key))).toEqual([]);
    expect([...en.keys()].filter((key) => !zh.has(key))).toEqual([]);
    expect(en.size).toBeGreaterThan(100);
  });

  it('use the same placeholders in each key', () => {
    const differing = [...en].filter(([key, text]) => placeholders(text).join() !== placeholders(zh.get(key) ?? '').join());
    expect(differing.map(([key]) => key)).toEqual([]);
  });

  it('have no empty text, and no Chinese text left identical to the English', () => {
    expect([...en, ...zh].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
    expect([...en].filter(([key, text]) => zh.get(key) === text).map(([key]) => key)).toEqual([]);
  });

  it('leave no English words in the Chinese, except product names, protocol terms and examples', () => {
    const allowed = new Set(['Zoom', 'RTMP', 'HTTP', 'ID', 'JSON', 'MB', 'Priya', '720p', '1080p', 'YouTube', 'Google', 'Facebook', 'Twitch', 'Vimeo']);
    const strip = (text: string) => text
      .replace(/\{\{[^}]*\}\}/g, ' ')
      .replace(/\b(?:rtmps?|https?):\/\/\S*/g, ' ')
      .replace(/\bhttps?:\/\//g, ' ')
      .replace(/\b(?:meeting|webinar|user):[a-z_:]+/g, ' ')
      .replace(/\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g, ' '); // example keys such as abcd-1234-efgh
    const english = [...zh].flatMap(([key, text]) =>
      (strip(text).match(/[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*/g) ?? []).filter((word) => !allowed.has(word)).map((word) => `${key}: ${word}`));
    expect(english).toEqual([]);
  });

  it('contain every key the views and the code use', () => {
    const used = keysUsedIn([...filesUnder(path.join(ROOT, 'views'), '.ejs'), ...filesUnder(path.join(ROOT, 'src'), '.ts')]);
    expect(used.length).toBeGreaterThan(50);
    // A key ending in "." is the start of one built at run time: it must be a declared family.
    const isMissing = (key: string) => (key.endsWith('.') ? !DYNAMIC_KEY_FAMILIES.some(({ prefix }) => key.startsWith(prefix)) : !en.has(key) || !zh.has(key));
    const missing = used.filter(({ key }) => isMissing(key)).map(({ key, file }) => `${file}: ${key}`);
    expect(missing).toEqual([]);
  });

  it('contain the words of every error the code raises: HttpError keys, wordings of Zoom failures, reconnect reasons', () => {
    // The app's code: the emulators (src/emulator, src/emulators) play Zoom and Google, whose words are theirs.
    const appFiles = filesUnder(path.join(ROOT, 'src'), '.ts').filter((file) => !/[/\\]src[/\\]emulators?[/\\]/.test(file));
    const source = appFiles.map((file) => readFileSync(file, 'utf8')).join('\n');
    const httpErrors = [...source.matchAll(/new HttpError\(\d+, '([^']+)'/g)].flatMap((m) => [`${m[1]}.title`, `${m[1]}.message`]);
    const wordings = [...source.matchAll(/\{ key: '([^']+)'/g)].map((m) => m[1]);
    const reconnects = [...source.matchAll(/new ReconnectRequiredError\('(\w+)'\)/g)].map((m) => `zoom.reconnect.${m[1]}`);
    const keys = [...httpErrors, ...wordings, ...reconnects, 'zoom.reconnect.expired'];
    expect(httpErrors.length).toBeGreaterThan(10);
    expect(wordings.length).toBeGreaterThan(5);
    expect(keys.filter((key) => !en.has(key) || !zh.has(key))).toEqual([]);
  });

  it('contain each family of keys built at run time', () => {
    const empty = DYNAMIC_KEY_FAMILIES.filter(({ prefix }) => ![...en.keys()].some((key) => key.startsWith(prefix)));
    expect(empty).toEqual([]);
    for (const type of [1, 2]) expect(en.has(describeLicence(type))).toBe(true);
  });

  it('explain every Zoom error code the pages explain, with the Pro licence for 3161', () => {
    for (const code of ['124', '200', '300', '3001', '3161', '4400', '4711', '4927']) {
      expect(en.get(`zoom.explain.${code}`)).toBeTruthy();
      expect(zh.get(`zoom.explain.${code}`)).toBeTruthy();
    }
    expect(en.get('zoom.explain.3161')).toContain('Pro licence or higher');
    expect(zh.get('zoom.explain.3161')).toContain('专业版或更高级别的许可证');
  });
});
