import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Registry } from 'prom-client';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `Authorization: Bearer <token>`, compared in constant time: both sides are hashed to 32 bytes first,
 * so neither the token's bytes nor its length show in how long a refusal takes.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const sent = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(sent), digest(token)) && sent !== '';
}

/** Mounted only when METRICS_TOKEN is set; without it /metrics is a 404 like any unknown path. */
export function metricsHandler(registry: Registry, token: string) {
  /** @route GET /metrics — Prometheus text exposition for a scraper holding METRICS_TOKEN; 401 otherwise. */
  async function scrape(req: Request, res: Response): Promise<void> {
    res.set('Cache-Control', 'no-store');
    if (!bearerMatches(req.get('authorization'), token)) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"');
      return void res.status(401).type('text/plain').send('Unauthorized: send Authorization: Bearer <METRICS_TOKEN>.\n');
    }
    res.type(registry.contentType).send(await registry.metrics());
  }
  return scrape;
}
