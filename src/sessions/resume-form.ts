import type { Request } from 'express';
import type { TokenVault } from './token-vault';

/**
 * When a save fails because Zoom access lapsed, the typed values wait in the session (sealed:
 * they include the stream key; never in the URL) and come back into the form after reconnecting.
 */
export function rememberForm(req: Request, vault: TokenVault, meetingId: string, values: object): void {
  req.session.resume = { meetingId, sealedValues: vault.seal(JSON.stringify(values)) };
}

/** The waiting values for this meeting, once; undefined when there are none. */
export function takeResumedForm<T>(req: Request, vault: TokenVault, meetingId: string): T | undefined {
  const resume = req.session.resume;
  if (!resume || resume.meetingId !== meetingId) return undefined;
  delete req.session.resume;
  const plain = vault.open(resume.sealedValues);
  return plain ? (JSON.parse(plain) as T) : undefined;
}
