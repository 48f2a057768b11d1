import type { Request } from 'express';
import 'express-session';
import type { SealedToken } from '../../credentials/vault';
import type { EventKind } from '../../zoom/client';

/**
 * What the app keeps in a host's server-side session, typed by declaration merging
 * so handlers never cast, and express-session's callback methods as promises. This is the ONE
 * declaration of SessionData (the dependency rules keep express-session out of the rooms below web/).
 * The cookie itself carries only the signed session id.
 */

/** A live stream form waiting for the host to reconnect: restored only for the same Zoom user. */
export interface ResumeForm {
  kind: 'meeting' | 'webinar';
  eventId: string;
  /** The Zoom user who typed the values; '' when unknown, and then only the form's owner seal can tell. */
  userId: string;
  /** The typed values as sealed JSON: they include the stream key. */
  sealedValues: string;
}

export interface PendingLogin {
  state: string;
  codeVerifier: string;
}

/** Who is connected, for the page header; read once from Zoom at login. */
export interface HostSummary {
  name: string;
  email: string;
  /** Zoom user type: 1 Basic, 2 Licensed. A hint only: Zoom's answer to the update is what counts. */
  type?: number;
  /** The host's Zoom account: Zoom's rate limits count per account (undefined in sessions from before it was kept). */
  accountId?: string;
  /** IANA zone from the Zoom profile, for showing meeting times. */
  timezone?: string;
  /** What the host's Zoom settings say about streaming, read once at login; absent when Zoom would not say. */
  readiness?: Readiness;
}

/** A hint only: the form still sends and Zoom's answer stays the truth. undefined: Zoom did not say. */
export interface Readiness {
  liveStreaming?: boolean;
  customService?: boolean;
  webinarPlan?: boolean;
  webinarStreaming?: boolean;
}

/**
 * The start choices the host last sent, per meeting ID, kept for the next start. Whether the stream is
 * live is not the session's: it is in the live store (src/events), which every instance and host sees.
 */
export interface StreamMemory {
  displayName: string;
  activeSpeaker: boolean;
}

/** A start/stop outcome carried across the redirect back to the meeting's page (post/redirect/get). */
export interface StatusFlash {
  eventId: string;
  failure?: import('./failures').FailureView;
  errors?: Partial<Record<'action' | 'display_name', string>>;
  values?: { display_name: string; active_speaker_name: boolean };
}

declare module 'express-session' {
  interface SessionData {
    zoom: SealedToken;
    resume: ResumeForm;
    /** Epoch ms of the login, for the absolute session lifetime and to tell logins from older events. */
    startedAt: number;
    host: HostSummary;
    oauth: PendingLogin;
    /** Connect YouTube under way (web/youtube): Google's state and the PKCE verifier, for this Zoom user only. */
    googleLogin: PendingLogin & { userId: string };
    notice: string;
    /** Per meeting (or webinar) ID. */
    streams: Record<string, StreamMemory>;
    statusFlash: StatusFlash;
    /**
     * Where a host was going when the app sent them to connect Zoom (web/auth/return-to.ts): a same-site
     * path such as /meetings/85746065001/livestream, used once after the next login.
     */
    returnTo: string;
    /** Home page paging (web/home/paging.ts): next_page_token of page 2, 3, … as Zoom gave them, in order, per kind. */
    eventPages: Partial<Record<EventKind, string[]>>;
  }
}

/** express-session calls back with an Error, or nothing. */
function promisify(run: (done: (error?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((error) => (error ? reject(error) : resolve())));
}

export function saveSession(req: Request): Promise<void> {
  return promisify((done) => req.session.save(done));
}

/** A new session id at login defeats session fixation (express examples/auth). */
export function regenerateSession(req: Request): Promise<void> {
  return promisify((done) => req.session.regenerate(done));
}

export function destroySession(req: Request): Promise<void> {
  return promisify((done) => req.session.destroy(done));
}
