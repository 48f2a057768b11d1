/** The languages the app speaks, each named in itself for the switcher (a reader of either finds their own). */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

export const OWN_NAMES: Record<Language, string> = { en: 'English', 'zh-CN': '简体中文' };

/** The cookie the switcher sets; an explicit choice beats the browser's Accept-Language. */
export const LANGUAGE_COOKIE = 'lang';

/**
 * Maps any tag a browser or a link may send to a language we have: every Chinese variant
 * (zh, zh-TW, zh-Hant-HK…) to zh-CN, the only Chinese catalogue; every English variant to en.
 */
export function supportedLanguage(tag: unknown): Language | undefined {
  if (typeof tag !== 'string') return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return undefined;
}

/**
 * The first supported language of an Accept-Language header, by quality (q=0 means "not this one").
 * Written out rather than left to a library regex so the "any zh → zh-CN" rule is visible and tested.
 */
export function fromAcceptLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const ranked = header.split(',').map((part, index) => {
    const [tag, ...params] = part.split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    return { tag: tag.trim(), q: q ? Number(q[1]) : 1, index };
  });
  ranked.sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag, q } of ranked) {
    const language = q > 0 ? supportedLanguage(tag) : undefined;
    if (language) return language;
  }
  return undefined;
}
