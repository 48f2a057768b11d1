import type { Page } from 'playwright-core';

/**
 * The keyboard walk of keyboard.ts for a page with radio groups (the YouTube destination's privacy): a browser
 * makes a radio group one Tab stop (its checked radio, or its first when none is checked) and moves within it with
 * the arrow keys, so the walk expects that one stop per group, then proves the arrows reach every radio in it.
 */
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, summary';

/** Marks the Tab stops (data-kb-r) and returns how many, and the radio groups' names. */
function markStops(page: Page): Promise<{ total: number; groups: string[] }> {
  return page.evaluate((selector) => {
    const visible = [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.matches(':disabled'));
    const groups = new Map<string, HTMLInputElement[]>();
    for (const el of visible) {
      if (el instanceof HTMLInputElement && el.type === 'radio') groups.set(el.name, [...(groups.get(el.name) ?? []), el]);
    }
    const stopOf = (radios: HTMLInputElement[]) => radios.find((radio) => radio.checked) ?? radios[0];
    const stops = visible.filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio') || stopOf(groups.get(el.name)!) === el);
    stops.forEach((el, index) => el.setAttribute('data-kb-r', String(index)));
    return { total: stops.length, groups: [...groups.keys()] };
  }, FOCUSABLE);
}

/** The focused stop's index and whether it shows a focus ring on screen; null off the marked stops. */
function focused(page: Page): Promise<{ index: number; shown: boolean; label: string } | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || !el.hasAttribute('data-kb-r')) return null;
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    const box = el.getBoundingClientRect();
    const label = `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('name') || '').trim().slice(0, 40)}"`;
    return { index: Number(el.getAttribute('data-kb-r')), shown: ring && box.right > 0 && box.left < window.innerWidth && box.width > 0, label };
  });
}

/** Every Tab stop is reached with a visible focus ring, and ArrowDown walks every radio of each group (then back). */
export async function expectKeyboardReachableWithRadios(page: Page): Promise<void> {
  const { total, groups } = await markStops(page);
  const seen = new Map<number, { shown: boolean; label: string }>();
  for (let presses = 0; presses < total * 2 + 4 && seen.size < total; presses += 1) {
    await page.keyboard.press('Tab');
    const stop = await focused(page);
    if (stop) seen.set(stop.index, stop);
  }
  const missed = await page.evaluate((found) => [...document.querySelectorAll<HTMLElement>('[data-kb-r]')]
    .filter((el) => !found.includes(Number(el.getAttribute('data-kb-r')))).map((el) => el.outerHTML.slice(0, 120)), [...seen.keys()]);
  expect(missed).toEqual([]);
  expect([...seen.values()].filter((stop) => !stop.shown).map((stop) => stop.label)).toEqual([]);
  for (const name of groups) {
    const radios = page.locator(`input[type=radio][name="${name}"]`);
    const count = await radios.count();
    await page.locator(`input[type=radio][name="${name}"][data-kb-r]`).focus();
    const reached = new Set<string>();
    for (let press = 0; press < count; press += 1) {
      await page.keyboard.press('ArrowDown');
      reached.add(await page.evaluate(() => (document.activeElement as HTMLInputElement).value));
    }
    // ArrowDown wraps: after one press per radio the group is back where it was, every radio met on the way.
    expect(reached.size).toBe(count);
  }
}
