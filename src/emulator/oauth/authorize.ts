/** The authorization step: the consent page (GET) and the host's decision (POST). No cookies, no session. */
import type { Request, Response } from 'express';
import { appWithId } from './apps';
import { renderAdminOnly, renderAuthorizeError, renderConsentPage, type AuthorizeRequest } from './consent-page';
import type { EmulatorContext } from '../context';
import { sendHtml } from '../html-page';
import type { RegisteredApp } from '../options';
import { isAccountAdmin } from '../state/accounts';
import { HOST_KEYS, isHostKey } from '../state/seed-hosts';

type Fields = Record<string, unknown>;
type Checked = { request: AuthorizeRequest } | { problem: string };

// RFC 7636: verifiers and challenges are 43-128 characters of this alphabet.
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** A single string parameter; repeated or missing parameters count as absent. */
function field(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function redirectProblem(redirectUri: string | undefined, allowed?: string[]): string | undefined {
  if (!redirectUri) return 'redirect_uri is missing.';
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return 'redirect_uri is not a valid URL.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'redirect_uri must be an http or https URL.';
  if (url.hash) return 'redirect_uri must not contain a fragment.';
  if (allowed && !allowed.includes(redirectUri)) return 'redirect_uri is not registered for this app.';
  return undefined;
}

function pkceProblem(challenge: string | undefined, method: string | undefined): string | undefined {
  if (!challenge) return method ? 'code_challenge_method was given without a code_challenge.' : undefined;
  if (method !== 'S256') return 'code_challenge_method must be S256.';
  if (!PKCE_VALUE.test(challenge)) return 'code_challenge is not a valid S256 challenge.';
  return undefined;
}

/** Checks what both steps carry; the GET also carries response_type. */
function checkAuthorizeFields(ctx: EmulatorContext, fields: Fields, withResponseType: boolean): Checked {
  if (withResponseType && field(fields, 'response_type') !== 'code') return { problem: 'response_type must be "code".' };
  const clientId = field(fields, 'client_id');
  const app = appWithId(ctx, clientId);
  if (!app || !clientId) return { problem: 'client_id is missing or unknown.' };
  const redirectUri = field(fields, 'redirect_uri');
  const problem = redirectProblem(redirectUri, app.redirectUris) ??
    pkceProblem(field(fields, 'code_challenge'), field(fields, 'code_challenge_method'));
  if (problem || !redirectUri) return { problem: problem ?? 'redirect_uri is missing.' };
  return {
    request: {
      clientId, redirectUri,
      state: field(fields, 'state'),
      codeChallenge: field(fields, 'code_challenge'),
      codeChallengeMethod: field(fields, 'code_challenge_method'),
    },
  };
}

function redirectBack(res: Response, request: AuthorizeRequest, params: Record<string, string>): void {
  const url = new URL(request.redirectUri);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  if (request.state) url.searchParams.append('state', request.state);
  res.redirect(302, url.toString());
}

/** The app the checked request names (checkAuthorizeFields has made sure there is one). */
function requestedApp(ctx: EmulatorContext, request: AuthorizeRequest): RegisteredApp {
  return appWithId(ctx, request.clientId) as RegisteredApp;
}

/** GET /oauth/authorize: validate, then show the consent page (never redirect to an unchecked URI). */
export function showConsent(ctx: EmulatorContext) {
  return function showConsentPage(req: Request, res: Response): void {
    const checked = checkAuthorizeFields(ctx, req.query, true);
    if ('problem' in checked) return sendHtml(res, 400, renderAuthorizeError(checked.problem));
    const hosts = HOST_KEYS.map((key) => ctx.seed.hosts[key]);
    sendHtml(res, 200, renderConsentPage(checked.request, hosts, requestedApp(ctx, checked.request)));
  };
}

/** POST /oauth/authorize: the consent form's answer; the hidden fields are checked again. */
export function decide(ctx: EmulatorContext) {
  return function decideConsent(req: Request, res: Response): void {
    const fields = (req.body ?? {}) as Fields;
    const checked = checkAuthorizeFields(ctx, fields, false);
    if ('problem' in checked) return sendHtml(res, 400, renderAuthorizeError(checked.problem));
    const { request } = checked;
    if (fields.decision === 'deny') {
      return redirectBack(res, request, { error: 'access_denied', error_description: 'The user denied access' });
    }
    if (fields.decision !== 'allow') return sendHtml(res, 400, renderAuthorizeError('decision must be allow or deny.'));
    const host = fields.host;
    if (!isHostKey(host)) return sendHtml(res, 400, renderAuthorizeError('Choose a host to sign in as.'));
    const app = requestedApp(ctx, request);
    // Zoom lets only an owner or admin add an admin-managed app: a Member stays on Zoom's page, the app hears nothing.
    if (app.type === 'admin-managed' && !isAccountAdmin(ctx.seed.hosts[host])) return sendHtml(res, 403, renderAdminOnly());
    const code = ctx.tokens.issueCode({
      clientId: request.clientId, redirectUri: request.redirectUri, codeChallenge: request.codeChallenge,
      hostKey: host, scope: app.scope,
    });
    redirectBack(res, request, { code });
  };
}
