import type { Page } from 'playwright-core';

/**
 * Tabs through the page the way a keyboard user does: every visible link, button, field and
 * disclosure must take focus, and each must show a focus ring while on screen.
 */
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, summary';

interface Stop {
  index: number;
  ring: boolean;
  onScreen: boolean;
  label: string;
}

async function markTargets(page: Page): Promise<number> {
  return page.evaluate((selector) => {
    const visible = [...document.querySelectorAll<HTMLElement>(selector)]
      // Disabled controls (a disabled fieldset disables all it holds) are rightly out of the Tab order.
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.matches(':disabled'));
    visible.forEach((el, index) => el.setAttribute('data-kb', String(index)));
    return visible.length;
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

export async function expectKeyboardReachable(page: Page): Promise<void> {
  const total = await markTargets(page);
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
}
