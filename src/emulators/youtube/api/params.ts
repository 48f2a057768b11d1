/**
 * Query parameters as Google reads them. The official Node client repeats list parameters (`part=snippet&part=status`,
 * qs's arrayFormat "repeat"); the docs and other clients write them comma-separated (`part=snippet,status`). Both count.
 */
import type { Request, Response } from 'express';
import { youtubeErrors } from '../errors';

/** Every value of a list parameter, repeated or comma-separated, trimmed, empty ones dropped. */
export function listParam(req: Request, name: string): string[] {
  const raw: unknown = req.query[name];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values
    .filter((value): value is string => typeof value === 'string')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}

/** A single-valued parameter; a repeated one counts as its first value, as Google's front end reads it. */
export function stringParam(req: Request, name: string): string | undefined {
  const [first] = listParam(req, name);
  return first;
}

export function trueParam(req: Request, name: string): boolean {
  return stringParam(req, name) === 'true';
}

/** The `part` parameter: required, and each part must be one the resource has. Sends the error and returns undefined. */
export function partsOf(req: Request, res: Response, allowed: readonly string[]): Set<string> | undefined {
  const parts = listParam(req, 'part');
  if (parts.length === 0) return void youtubeErrors.missingPart(res);
  const unknown = parts.find((part) => !allowed.includes(part));
  if (unknown !== undefined) return void youtubeErrors.unknownPart(res, unknown);
  return new Set(parts);
}

/** maxResults: 0 to 50, default 5 (YouTube's default for these lists: a client that forgets it sees five). */
export function maxResultsOf(req: Request, res: Response): number | undefined {
  const raw = stringParam(req, 'maxResults');
  if (raw === undefined) return 5;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 50) {
    return void youtubeErrors.badParameter(res, 'invalidValue', `Invalid value '${raw}'. Values must be within the range: [0, 50]`);
  }
  return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A nested object of the request body (snippet, status, cdn…), or an empty one. */
export function section(body: unknown, name: string): Record<string, unknown> {
  const value = isPlainObject(body) ? body[name] : undefined;
  return isPlainObject(value) ? value : {};
}
