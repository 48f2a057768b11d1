import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/**
 * axe-core inside the real page. The app's CSP forbids inline scripts, and addScriptTag({ path })
 * inlines the file, so axe's source goes in through page.evaluate (DevTools evaluation, outside the
 * CSP): the CSP stays on, and the journeys still prove that the pages themselves need no inline code.
 */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const RESULTS_DIR = path.resolve(__dirname, '../../../test-results');

export interface AxeCounts {
  critical: number;
  serious: number;
  other: number;
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Every page's counts, written to test-results/a11y/<journey>.json for the record. */
const ledger = new Map<string, Record<string, AxeCounts>>();

function record(journey: string, label: string, counts: AxeCounts): void {
  const pages = ledger.get(journey) ?? {};
  pages[label] = counts;
  ledger.set(journey, pages);
  mkdirSync(path.join(RESULTS_DIR, 'a11y'), { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, 'a11y', `${journey}.json`), `${JSON.stringify(pages, null, 2)}\n`);
}

async function runAxe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const { violations } = await axe.run(document);
    return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

/** Runs axe, logs the counts, and fails on any serious or critical violation (listing them). */
export async function expectAccessible(page: Page, journey: string, label: string): Promise<AxeCounts> {
  const violations = await runAxe(page);
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const counts = {
    critical: violations.filter((v) => v.impact === 'critical').length,
    serious: violations.filter((v) => v.impact === 'serious').length,
    other: violations.length - blocking.length,
  };
  record(journey, label, counts);
  console.log(`axe ${journey} / ${label}: critical ${counts.critical}, serious ${counts.serious}, other ${counts.other}` +
    (violations.length ? ` (${violations.map((v) => `${v.id}:${v.impact}`).join(', ')})` : ''));
  expect(blocking).toEqual([]);
  return counts;
}
