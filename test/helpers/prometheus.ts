/** Prometheus' text exposition format (0.0.4), read back the way a scraper reads it: tests compare counters. */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const UNESCAPE: Record<string, string> = { '\\\\': '\\', '\\"': '"', '\\n': '\n' };

/** `a="x",b="y\"z"` → { a: 'x', b: 'y"z' }. */
function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pair = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/y;
  let match: RegExpExecArray | null;
  while (pair.lastIndex < text.length && (match = pair.exec(text))) {
    labels[match[1]] = match[2].replace(/\\[\\"n]/g, (escape) => UNESCAPE[escape]);
  }
  if (pair.lastIndex !== text.length && text.trim() !== '') throw new Error(`unreadable labels: {${text}}`);
  return labels;
}

export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const value = match[3] === '+Inf' ? Infinity : match[3] === '-Inf' ? -Infinity : Number(match[3]);
    samples.push({ name: match[1], labels: parseLabels(match[2] ?? ''), value });
  }
  return samples;
}

/** The sum of the samples named `name` whose labels include `labels` (0 when there are none). */
export function sumOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((total, sample) => total + sample.value, 0);
}

/** Every series of a counter that moved between two scrapes, as `label=value,…` → increase (label order as exposed). */
export function increases(before: Sample[], after: Sample[], name: string): Record<string, number> {
  const key = (sample: Sample) => Object.entries(sample.labels).map(([label, value]) => `${label}=${value}`).join(',');
  const earlier = new Map(before.filter((sample) => sample.name === name).map((sample) => [key(sample), sample.value]));
  const moved: Record<string, number> = {};
  for (const sample of after.filter((candidate) => candidate.name === name)) {
    const increase = sample.value - (earlier.get(key(sample)) ?? 0);
    if (increase !== 0) moved[key(sample)] = increase;
  }
  return moved;
}
