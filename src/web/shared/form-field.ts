import type { Request } from 'express';

/**
 * One field of a posted form, as `unknown`: Express types req.body as `any`, and a handler checks what it
 * reads (typeof, a pattern, a schema) before using it. Undefined when the request has no parsed body.
 */
export function formField(req: Request, name: string): unknown {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/** A form field that must be a single string (a token, a path): undefined when it is missing or anything else. */
export function formString(req: Request, name: string): string | undefined {
  const value = formField(req, name);
  return typeof value === 'string' ? value : undefined;
}
