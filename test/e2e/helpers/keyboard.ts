import type { Page } from 'playwright-core';

/**
 * Tabs through the page the way a keyboard user does: every visible link, button, field and
 * disclosure must take focus, and each must show a focus ring while on screen. A browser makes a
 * radio group (one name in one form) a single Tab stop, its checked radio or its first when none is
 * checked, and moves within it with the arrow keys: the walk expects that one stop per group, then
 * proves the arrows reach every radio of it.
 */
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, summary';

interface Stop {
  index: number;
  ring: boolean;
  onScreen: boolean;
  label: string;
}

/**
 * Marks the Tab stops (data-kb) and every radio with its group (data-kb-group); returns how many stops,
 * and how many radios each group holds, by group number.
 */
async function markTargets(page: Page): Promise<{ total: number; groupSizes: number[] }> {
  return page.evaluate((selector) => {
    // A page checked twice is marked afresh: a radio that was its group's stop may no longer be.
    for (const el of document.querySelectorAll('[data-kb], [data-kb-group]')) {
      el.removeAttribute('data-kb');
      el.removeAttribute('data-kb-group');
    }
    const visible = [...document.querySelectorAll<HTMLElement>(selector)]
      // Disabled controls (a disabled fieldset disables all it holds) are rightly out of the Tab order.
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.matches(':disabled'));
    const isRadio = (el: HTMLElement): el is HTMLInputElement => el instanceof HTMLInputElement && el.type === 'radio';
    // A radio without a name is a group of its own; a name groups radios within one form (or outside any form).
    const groups = new Map<unknown, HTMLInputElement[]>();
    for (const el of visible.filter(isRadio)) {
      const key = el.name ? `${el.form ? [...document.forms].indexOf(el.form) : -1}:${el.name}` : el;
      groups.set(key, [...(groups.get(key) ?? []), el]);
    }
    const radios = [...groups.values()];
    radios.forEach((group, number) => group.forEach((radio) => radio.setAttribute('data-kb-group', String(number))));
    const stopOf = (group: HTMLInputElement[]) => group.find((radio) => radio.checked) ?? group[0];
    const stops = visible.filter((el) => !isRadio(el) || radios.some((group) => stopOf(group) === el));
    stops.forEach((el, index) => el.setAttribute('data-kb', String(index)));
    return { total: stops.length, groupSizes: radios.map((group) => group.length) };
  }, FOCUSABLE);
}

async function focusedStop(page: Page): Promise<Stop | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || !el.hasAttribute('data-kb')) return null;
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    const box = el.getBoundingClientRect();
    const onScreen = box.right > 0 && box.left < window.innerWidth && box.width > 0;
    const label = `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('name') || '').trim().slice(0, 40)}"`;
    return { index: Number(el.getAttribute('data-kb')), ring, onScreen, label };
  });
}

/**
 * From a group's Tab stop, one ArrowDown per radio: the arrows wrap, so the group ends where it began
 * (the checked radio too), and every radio of it must have had focus on the way.
 */
async function expectArrowsWalkGroup(page: Page, group: number, size: number): Promise<void> {
  await page.locator(`[data-kb-group="${group}"][data-kb]`).focus();
  const reached = new Set<number>();
  for (let press = 0; press < size; press += 1) {
    await page.keyboard.press('ArrowDown');
    reached.add(await page.evaluate((number) => [...document.querySelectorAll(`[data-kb-group="${number}"]`)]
      .indexOf(document.activeElement as Element), group));
  }
  // -1 would be focus gone out of the group.
  expect([...reached].sort((a, b) => a - b)).toEqual([...Array(size).keys()]);
}

export async function expectKeyboardReachable(page: Page): Promise<void> {
  const { total, groupSizes } = await markTargets(page);
  const seen = new Map<number, Stop>();
  // Focus may start anywhere (app.js moves it to an error panel): go round the page, wrapping once.
  for (let presses = 0; presses < total * 2 + 4 && seen.size < total; presses += 1) {
    await page.keyboard.press('Tab');
    const stop = await focusedStop(page);
    if (stop) seen.set(stop.index, stop);
  }
  const missed = await page.evaluate((found) => [...document.querySelectorAll<HTMLElement>('[data-kb]')]
    .filter((el) => !found.includes(Number(el.getAttribute('data-kb'))))
    .map((el) => el.outerHTML.slice(0, 120)), [...seen.keys()]);
  expect(missed).toEqual([]);
  expect([...seen.values()].filter((stop) => !stop.ring || !stop.onScreen).map((stop) => stop.label)).toEqual([]);
  for (const [group, size] of groupSizes.entries()) await expectArrowsWalkGroup(page, group, size);
}
