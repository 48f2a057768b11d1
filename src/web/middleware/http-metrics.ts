import type { Express, NextFunction, Request, Response } from 'express';
import type { AppMetrics } from '../../metrics/index';

/** What this file reads of Express's routing (the router package's Layer and Route). */
interface RouteLike {
  path?: unknown;
  methods?: Record<string, boolean | undefined>;
}
interface LayerLike {
  route?: RouteLike;
  match?(path: string): unknown;
}

/** A page's template is one string path; a catch-all or a list of paths is middleware (the rate limits), never a page. */
function templateOf(route: RouteLike | undefined): string | undefined {
  return typeof route?.path === 'string' && !route.path.includes('*') ? route.path : undefined;
}

function handles(route: RouteLike, method: string): boolean {
  const methods = route.methods ?? {};
  return Boolean(methods._all || methods[method.toLowerCase()] || (method === 'HEAD' && methods.get));
}

function matches(layer: LayerLike, path: string): boolean {
  try {
    return Boolean(layer.match?.(path));
  } catch {
    return false; // a malformed %-escape: no route takes it either
  }
}

/**
 * The `route` label: the Express template of the route that answered (`/meetings/:meetingId/livestream`),
 * never the path itself. A request answered before it reached its route (a rate limit, a CSRF refusal,
 * the session store down) is labelled with the route it was heading for, found in the app's route table;
 * a static file with its mount (`/public/*`); anything else `unmatched`.
 */
export function routeLabel(req: Request, table: () => LayerLike[]): string {
  const own = templateOf(req.route as RouteLike | undefined);
  if (own !== undefined) return `${req.baseUrl}${own}`;
  const path = req.originalUrl.split('?')[0];
  for (const layer of table()) {
    const template = templateOf(layer.route);
    if (template !== undefined && handles(layer.route!, req.method) && matches(layer, path)) return template;
  }
  // express.static leaves its mount path on a request it answered (and restores it when it passes one on).
  return req.baseUrl ? `${req.baseUrl}/*` : 'unmatched';
}

/** Times every request, from the first middleware to the last byte handed to the socket. */
export function requestMetrics(metrics: AppMetrics, app: Express) {
  const table = () => (app.router as unknown as { stack: LayerLike[] }).stack;
  return function timeRequest(req: Request, res: Response, next: NextFunction): void {
    const started = performance.now();
    res.once('finish', () => metrics.request(req.method, routeLabel(req, table), res.statusCode, (performance.now() - started) / 1000));
    next();
  };
}
