/** GET /o/oauth2/v2/auth (the consent page) and its form's POST (the decision). No cookies, no session. */
import type { Request, Response } from 'express';
import type { YouTubeContext } from '../context';
import { sendHtml } from '../html-page';
import { isAccountKey } from './accounts';
import { renderAuthorizeError, renderConsentPage, type AuthorizeRequest } from './consent-page';

type Fields = Record<string, unknown>;
type Checked = { request: AuthorizeRequest } | { error: string; problem: string };

/** Scopes that let the app manage broadcasts; the app asks for force-ssl, plain `youtube` works at Google too. */
export const YOUTUBE_SCOPES = ['https://www.googleapis.com/auth/youtube.force-ssl', 'https://www.googleapis.com/auth/youtube'];

// RFC 7636: S256 challenges are 43 characters of base64url; verifiers 43-128 of this alphabet.
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

function field(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function redirectProblem(redirectUri: string | undefined, allowed?: string[]): string | undefined {
  if (!redirectUri) return 'Missing required parameter: redirect_uri';
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return 'Invalid parameter value for redirect_uri: not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Invalid parameter value for redirect_uri: must be http or https';
  if (allowed && !allowed.includes(redirectUri)) return `redirect_uri_mismatch: ${redirectUri} is not registered for this client`;
  return undefined;
}

function requestProblem(fields: Fields, withResponseType: boolean): string | undefined {
  if (withResponseType && field(fields, 'response_type') !== 'code') return 'response_type must be "code".';
  const scopes = (field(fields, 'scope') ?? '').split(' ');
  if (!scopes.some((scope) => YOUTUBE_SCOPES.includes(scope))) return `scope must include ${YOUTUBE_SCOPES[0]}.`;
  if (field(fields, 'code_challenge_method') !== 'S256') return 'code_challenge_method must be S256 (PKCE is required here).';
  if (!PKCE_VALUE.test(field(fields, 'code_challenge') ?? '')) return 'code_challenge is missing or not a valid S256 challenge.';
  return undefined;
}

/** Checks what both steps carry; only the GET carries response_type. */
function checkAuthorizeFields(ctx: YouTubeContext, fields: Fields, withResponseType: boolean): Checked {
  const clientId = field(fields, 'client_id');
  if (clientId !== ctx.options.clientId) return { error: 'invalid_client', problem: 'The OAuth client was not found.' };
  const redirectUri = field(fields, 'redirect_uri');
  const redirect = redirectProblem(redirectUri, ctx.options.redirectUris);
  if (redirect || !redirectUri) return { error: 'redirect_uri_mismatch', problem: redirect ?? '' };
  const problem = requestProblem(fields, withResponseType);
  if (problem) return { error: 'invalid_request', problem };
  return {
    request: {
      clientId, redirectUri,
      scope: field(fields, 'scope') ?? '',
      codeChallenge: field(fields, 'code_challenge') ?? '',
      codeChallengeMethod: 'S256',
      accessType: field(fields, 'access_type'),
      state: field(fields, 'state'),
    },
  };
}

function redirectBack(res: Response, request: AuthorizeRequest, params: Record<string, string>): void {
  const url = new URL(request.redirectUri);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  if (request.state) url.searchParams.append('state', request.state);
  res.redirect(302, url.toString());
}

/** GET /o/oauth2/v2/auth: validate, then show the accounts (never redirect to an unchecked URI). */
export function showConsent(ctx: YouTubeContext) {
  return function showConsentPage(req: Request, res: Response): void {
    const checked = checkAuthorizeFields(ctx, req.query, true);
    if ('problem' in checked) return sendHtml(res, 400, renderAuthorizeError(checked.error, checked.problem));
    sendHtml(res, 200, renderConsentPage(checked.request, Object.values(ctx.accounts)));
  };
}

/** POST /o/oauth2/v2/auth: the consent form's answer; the hidden fields are checked again. */
export function decide(ctx: YouTubeContext) {
  return function decideConsent(req: Request, res: Response): void {
    const fields = (req.body ?? {}) as Fields;
    const checked = checkAuthorizeFields(ctx, fields, false);
    if ('problem' in checked) return sendHtml(res, 400, renderAuthorizeError(checked.error, checked.problem));
    const { request } = checked;
    // Google sends only `error` back on Deny, no description.
    if (fields.decision === 'deny') return redirectBack(res, request, { error: 'access_denied' });
    if (fields.decision !== 'allow') return sendHtml(res, 400, renderAuthorizeError('invalid_request', 'decision must be allow or deny.'));
    if (!isAccountKey(fields.account)) return sendHtml(res, 400, renderAuthorizeError('invalid_request', 'Choose an account.'));
    const code = ctx.tokens.issueCode({
      clientId: request.clientId, redirectUri: request.redirectUri, codeChallenge: request.codeChallenge,
      account: fields.account, scope: request.scope, offline: request.accessType === 'offline',
    });
    redirectBack(res, request, { code, scope: request.scope });
  };
}
