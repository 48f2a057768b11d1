import ejs from 'ejs';

/**
 * EJS as Express's view engine, with includes written from the views root ("/partials/top").
 * EJS looks a relative include up on disk (existsSync) on every render, even with its cache on;
 * a rooted include resolves without touching the disk. Templates are compiled once in production.
 */
type Done = (error: Error | null, html?: string) => void;

export function ejsEngine(viewsDir: string, cache: boolean) {
  return function renderView(file: string, data: object, done: Done): void {
    ejs.renderFile(file, data, { root: viewsDir, cache }, (error, html) => done(error ?? null, html));
  };
}
