import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The README is the front door and docs/ the reference; .env.example, deploy/, skip messages and source
 * comments point into docs/ by file and heading. This suite keeps every such pointer working: each relative
 * markdown link and each `docs/<page>.md#<anchor>` mention must name a file that exists and, for a markdown
 * page, a heading it has (GitHub's anchors). External links are not fetched.
 */
const ROOT = path.resolve(__dirname, '../..');
const README_LIMIT_BYTES = 10_240;
const QUICK_START = ['npm install && npm start', 'npm test'];

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'data', 'coverage', '.git']);

/** Files under `dir` (relative to the repository root) whose name passes `keep`, recursively. */
function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const absolute = path.join(ROOT, dir);
  if (!existsSync(absolute)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(absolute, { withFileTypes: true })) {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) found.push(...filesUnder(relative, keep));
    } else if (entry.isFile() && keep(entry.name)) {
      found.push(relative);
    }
  }
  return found.sort();
}

const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length;

/** Each line of a markdown text, with the lines of fenced code blocks blanked (their `#` lines are not headings). */
function withoutFences(text: string): string[] {
  let fence: string | undefined;
  return text.split('\n').map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker) {
      fence = marker;
      return '';
    }
    if (fence !== undefined) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      return '';
    }
    return line;
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped (hyphens and underscores kept), each space a hyphen. */
export function slugOf(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a markdown text: its ATX headings' slugs (a repeat gets -1, -2, …) and explicit `<a id|name>`. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(markdown)) {
    const heading = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const slug = slugOf(heading);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const match of line.matchAll(/<a\s[^>]*\b(?:id|name)\s*=\s*"([^"]+)"/gi)) anchors.add(match[1]);
  }
  return anchors;
}

interface Pointer {
  /** Where the pointer is written: file and line. */
  from: string;
  line: number;
  /** As written. */
  target: string;
  /** The file it names, relative to the repository root, and the anchor if any. */
  file: string;
  anchor?: string;
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** Relative links of a markdown file: `[text](target)`, `![alt](target)` and `[label]: target`, outside code. */
function markdownLinks(file: string): Pointer[] {
  const lines = withoutFences(read(file));
  const pointers: Pointer[] = [];
  lines.forEach((raw, index) => {
    const line = raw.replace(/(`+)[^`]*?\1/g, (code) => ' '.repeat(code.length));
    const targets = [
      ...[...line.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]),
      ...[...line.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)].map((match) => match[1]),
    ];
    for (const target of targets) {
      if (target === '' || EXTERNAL.test(target)) continue;
      const [rawPath, anchor] = splitAnchor(target);
      const resolved = rawPath === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(rawPath)));
      pointers.push({ from: file, line: index + 1, target, file: resolved, anchor });
    }
  });
  return pointers;
}

/** `docs/<page>.md` and `docs/<page>.md#<anchor>` written anywhere in a file (comments, strings, prose), from the root. */
function docsMentions(file: string): Pointer[] {
  const text = read(file);
  return [...text.matchAll(/\bdocs\/((?:[A-Za-z0-9_-]+\/)*[A-Za-z0-9._-]+?\.md)(?:#([\p{L}\p{N}_-]+))?/gu)].map((match) => ({
    from: file,
    line: lineOf(text, match.index ?? 0),
    target: match[0],
    file: `docs/${match[1]}`,
    anchor: match[2],
  }));
}

function splitAnchor(target: string): [string, string | undefined] {
  const hash = target.indexOf('#');
  return hash < 0 ? [target, undefined] : [target.slice(0, hash), decodeURIComponent(target.slice(hash + 1))];
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOfFile(file: string): Set<string> {
  let anchors = anchorCache.get(file);
  if (!anchors) {
    anchors = anchorsOf(read(file));
    anchorCache.set(file, anchors);
  }
  return anchors;
}

/** What is wrong with a pointer, as one line naming it and the file it is in; undefined when it works. */
function problemOf(pointer: Pointer): string | undefined {
  const where = `${pointer.from}:${pointer.line}: "${pointer.target}"`;
  const absolute = path.join(ROOT, pointer.file);
  if (!absolute.startsWith(ROOT) || !existsSync(absolute)) return `${where}: no such file ${pointer.file}`;
  if (pointer.anchor === undefined || pointer.anchor === '') return undefined;
  if (!statSync(absolute).isFile() || !pointer.file.endsWith('.md')) return undefined;
  if (anchorsOfFile(pointer.file).has(pointer.anchor)) return undefined;
  return `${where}: ${pointer.file} has no heading with anchor #${pointer.anchor}`;
}

const problemsOf = (pointers: Pointer[]): string[] => pointers.map(problemOf).filter((problem): problem is string => problem !== undefined);

const markdownFiles = filesUnder('.', (name) => name.endsWith('.md'));
const envFiles = ['.env.example', 'deploy/env.example'];
const deployFiles = filesUnder('deploy', (name) => !name.endsWith('.md') && name !== 'env.example');
const codeFiles = [
  ...filesUnder('src', (name) => name.endsWith('.ts')),
  ...filesUnder('views', (name) => name.endsWith('.ejs')),
  ...filesUnder('test', (name) => name.endsWith('.ts')),
];

describe('GitHub anchors', () => {
  it('are the heading in lower case, punctuation dropped, spaces as hyphens, repeats numbered', () => {
    expect(slugOf('Tests that need Redis, PostgreSQL or Chromium')).toBe('tests-that-need-redis-postgresql-or-chromium');
    expect(slugOf("Zoom's events and the read cache")).toBe('zooms-events-and-the-read-cache');
    expect(slugOf('Liveness: `GET /healthz`')).toBe('liveness-get-healthz');
    expect(slugOf('PORT=0 and [the emulator](emulator.md)')).toBe('port0-and-the-emulator');
    expect([...anchorsOf('# Title\n## Logs\n```sh\n# not a heading\n```\n## Logs\n### Logs ##\n')]).toEqual(['title', 'logs', 'logs-1', 'logs-2']);
  });
});

describe('README.md', () => {
  const readme = read('README.md');

  it(`is at most ${README_LIMIT_BYTES} bytes: a front door, the reference is in docs/`, () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(README_LIMIT_BYTES);
  });

  it('has a quick start of exactly two lines: npm install && npm start, npm test', () => {
    const lines = readme.split('\n');
    const heading = lines.findIndex((line) => /^#{1,6}\s+quick start\s*$/i.test(line));
    expect(heading).toBeGreaterThanOrEqual(0);
    const open = lines.findIndex((line, index) => index > heading && /^ {0,3}```/.test(line));
    const close = lines.findIndex((line, index) => index > open && /^ {0,3}```\s*$/.test(line));
    expect(open).toBeGreaterThan(heading);
    expect(close).toBeGreaterThan(open);
    expect(lines.slice(open + 1, close).map((line) => line.trim()).filter(Boolean)).toEqual(QUICK_START);
  });

  it('links every page of docs/', () => {
    const linked = new Set(markdownLinks('README.md').map((pointer) => pointer.file));
    const pages = filesUnder('docs', (name) => name.endsWith('.md'));
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.filter((page) => !linked.has(page) && page !== 'docs/README.md')).toEqual([]);
  });
});

describe('links', () => {
  it('in the README, docs/ and deploy/ (every markdown file): each relative link names a file and heading that exist', () => {
    expect(markdownFiles).toEqual(expect.arrayContaining(['README.md', 'docs/README.md', 'deploy/README.md']));
    const pointers = markdownFiles.flatMap((file) => [...markdownLinks(file), ...docsMentions(file)]);
    expect(pointers.length).toBeGreaterThan(50);
    expect(problemsOf(pointers)).toEqual([]);
  });

  it('in .env.example and deploy/: each docs/<page>.md#<anchor> names a page and heading that exist', () => {
    const pointers = [...envFiles, ...deployFiles].flatMap(docsMentions);
    expect(pointers.length).toBeGreaterThan(10);
    expect(problemsOf(pointers)).toEqual([]);
  });

  it('in src/, views/ and test/: each docs/<page>.md#<anchor> names a page and heading that exist', () => {
    expect(codeFiles.length).toBeGreaterThan(0);
    expect(problemsOf(codeFiles.flatMap(docsMentions))).toEqual([]);
  });
});
