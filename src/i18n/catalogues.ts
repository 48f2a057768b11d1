import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LANGUAGES, type Language } from './languages';

/** locales/<language>/translation.json, next to src/ and dist/ alike (this file is src/i18n or dist/i18n). */
export const LOCALES_DIR = path.join(__dirname, '..', '..', 'locales');

export type Catalogue = { [key: string]: string | Catalogue };

/** Read once when the app is built: no file access on the request path. */
export function loadCatalogues(dir: string = LOCALES_DIR): Record<Language, Catalogue> {
  const entries = LANGUAGES.map((language) => {
    const file = path.join(dir, language, 'translation.json');
    return [language, JSON.parse(readFileSync(file, 'utf8')) as Catalogue] as const;
  });
  return Object.fromEntries(entries) as Record<Language, Catalogue>;
}

/** Every leaf of a catalogue as "a.b.c" → text: what the completeness test compares. */
export function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat.set(name, value);
    else for (const [k, v] of flatten(value, name)) flat.set(k, v);
  }
  return flat;
}
