import type { NextFunction, Request, Response } from 'express';
import type { TokenVault } from '../../credentials/vault';
import { isMeetingId } from '../../zoom/ids';
import { saveSession, type ResumeForm } from '../shared/session-data';
import type { EventKind } from '../../zoom/client';
import { readValues } from '../../livestream/form';

/**
 * Typed values that must not be lost: when a save fails because Zoom access lapsed, or because the
 * session expired while the host was typing, the values wait in the session (sealed: they include the
 * stream key; never in the URL) and come back into the form after the host connects again, but only
 * for the same Zoom user: another account connecting in the same browser never sees them.
 */
export function rememberForm(req: Request, vault: TokenVault, kind: EventKind, eventId: string, values: object, userId: string): void {
  req.session.resume = { kind, eventId, userId, sealedValues: vault.seal(JSON.stringify(values)) };
}

/** The page the waiting values belong to. */
export function pageOfResume(resume: ResumeForm): string {
  return `/${resume.kind}s/${resume.eventId}/livestream`;
}

/** The waiting values for this meeting (or webinar) and this user, once; undefined when there are none. */
export function takeResumedForm<T>(req: Request, vault: TokenVault, kind: EventKind, eventId: string): T | undefined {
  const resume = req.session.resume;
  if (!resume || resume.kind !== kind || resume.eventId !== eventId) return undefined;
  delete req.session.resume;
  if (resume.userId !== req.session.zoom?.userId) return undefined;
  const plain = vault.open(resume.sealedValues);
  return plain ? (JSON.parse(plain) as T) : undefined;
}

/** At login: the waiting values travel into the new session only if the same Zoom user connected. */
export function resumeFor(resume: ResumeForm | undefined, userId: string): ResumeForm | undefined {
  return resume && resume.userId === userId ? resume : undefined;
}

/** The form carries its owner, sealed, so values posted after the session expired can still be tied to a Zoom user. */
export function ownerSeal(vault: TokenVault, userId: string | undefined): string {
  return userId ? vault.seal(JSON.stringify({ owner: userId })) : '';
}

function ownerOf(vault: TokenVault, seal: unknown): string | undefined {
  if (typeof seal !== 'string' || seal === '') return undefined;
  const plain = vault.open(seal);
  const owner: unknown = plain ? (JSON.parse(plain) as { owner?: unknown }).owner : undefined;
  return typeof owner === 'string' && owner !== '' ? owner : undefined;
}

/** A browser's own form post: the Origin is ours, or (without Origin) the browser says same-origin. */
function isSameOrigin(req: Request, appOrigin: string): boolean {
  const origin = req.get('origin');
  if (origin) return origin === appOrigin;
  return req.get('sec-fetch-site') === 'same-origin';
}

const FORM_PATH = /^\/(meeting|webinar)s\/([^/]+)\/livestream$/;

/**
 * Runs before the CSRF check: a live stream form posted from this app by a browser whose session
 * has expired (so its CSRF secret is gone too) keeps its values and sends the host to connect,
 * instead of a "form has expired" page that loses what they typed. Nothing reaches Zoom here: the
 * host sees the values again and saves them themselves.
 */
export function keepFormOfExpiredSession(vault: TokenVault, appOrigin: string) {
  return async function keepExpiredForm(req: Request, res: Response, next: NextFunction): Promise<void> {
    const form = req.method === 'POST' && !req.session.zoom ? FORM_PATH.exec(req.path) : null;
    const [, kind, eventId] = form ?? [];
    if (!form || !isMeetingId(eventId) || !isSameOrigin(req, appOrigin)) return next();
    const owner = ownerOf(vault, (req.body as Record<string, unknown> | undefined)?._owner);
    if (!owner) return next();
    rememberForm(req, vault, kind as EventKind, eventId, readValues(req.body).values, owner);
    await saveSession(req);
    res.redirect(303, '/install');
  };
}
