import 'express-session';

/**
 * What the app keeps in a host's server-side session, typed by declaration merging
 * so handlers never cast. The cookie itself carries only the signed session id.
 */
export interface StoredToken {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which Zoom stops accepting the access token. */
  expiresAt: number;
  /** Epoch milliseconds after which the app refreshes before calling Zoom (a margin before expiresAt). */
  refreshAt: number;
  /** Space-separated scopes Zoom granted. */
  scope: string;
  userId: string;
}

/** The token as the session store holds it: both token strings sealed together (token-vault.ts). */
export type SessionZoom = Omit<StoredToken, 'accessToken' | 'refreshToken'> & { sealed: string };

/** A live stream form that failed because Zoom access lapsed: restored after reconnecting. */
export interface ResumeForm {
  meetingId: string;
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
  /** IANA zone from the Zoom profile, for showing meeting times. */
  timezone?: string;
}

declare module 'express-session' {
  interface SessionData {
    zoom: SessionZoom;
    resume: ResumeForm;
    /** Epoch ms of the login, for the absolute session lifetime. */
    startedAt: number;
    host: HostSummary;
    oauth: PendingLogin;
    notice: string;
  }
}
