/** POST /token and POST /revoke: client authentication, the code exchange with PKCE, refresh without rotation, revocation. */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { YouTubeContext } from '../context';
import { sendOAuthError } from '../errors';
import type { Grant } from './grants';

type Fields = Record<string, string | undefined>;

const PKCE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** Form fields of the body, and (as Google also accepts) of the query string; the body wins. */
function fieldsOf(req: Request): Fields {
  const fields: Fields = {};
  const sources = [req.query as Record<string, unknown>, req.is('urlencoded') ? (req.body as Record<string, unknown>) : {}];
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}

/** client_secret_post (google-auth-library's default) or client_secret_basic; either must match exactly. */
function clientAuthenticated(ctx: YouTubeContext, req: Request, fields: Fields): boolean {
  let id = fields.client_id;
  let secret = fields.client_secret;
  const basic = /^Basic\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    id = colon < 0 ? undefined : decodeURIComponent(decoded.slice(0, colon));
    secret = colon < 0 ? undefined : decodeURIComponent(decoded.slice(colon + 1));
  }
  return id === ctx.options.clientId && secret === ctx.options.clientSecret;
}

/** Google's token response: the refresh token only when one was just created (code exchange with access_type=offline). */
function sendTokens(ctx: YouTubeContext, res: Response, grant: Grant, accessToken: string, withRefresh: boolean): void {
  res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json({
    access_token: accessToken,
    expires_in: ctx.options.accessTokenTtlSeconds,
    ...(withRefresh && grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
    scope: grant.scope,
    token_type: 'Bearer',
  });
}

function verifierMatches(verifier: string, challenge: string): boolean {
  return PKCE_VERIFIER.test(verifier) && createHash('sha256').update(verifier).digest('base64url') === challenge;
}

function exchangeCode(ctx: YouTubeContext, res: Response, fields: Fields): void {
  const found = ctx.tokens.spendCode(fields.code ?? '');
  // One client per emulator, already authenticated: a code is only ever the client's own.
  if (!found) return sendOAuthError(res, 400, 'invalid_grant', 'Malformed auth code.');
  if (fields.redirect_uri !== found.redirectUri) return sendOAuthError(res, 400, 'redirect_uri_mismatch', 'Bad Request');
  if (!fields.code_verifier) return sendOAuthError(res, 400, 'invalid_grant', 'Missing code verifier.');
  if (!verifierMatches(fields.code_verifier, found.codeChallenge)) return sendOAuthError(res, 400, 'invalid_grant', 'Invalid code verifier.');
  const { grant, accessToken } = ctx.tokens.createGrant(found);
  sendTokens(ctx, res, grant, accessToken, true);
}

function refreshGrant(ctx: YouTubeContext, res: Response, fields: Fields): void {
  const refreshed = ctx.tokens.refresh(fields.refresh_token ?? '', ctx.options.clientId);
  if (!refreshed) return sendOAuthError(res, 400, 'invalid_grant', 'Token has been expired or revoked.');
  sendTokens(ctx, res, refreshed.grant, refreshed.accessToken, false);
}

/** POST /token */
export function issueToken(ctx: YouTubeContext) {
  return function issueTokenHandler(req: Request, res: Response): void {
    res.set('Cache-Control', 'no-store');
    const fields = fieldsOf(req);
    if (!clientAuthenticated(ctx, req, fields)) return sendOAuthError(res, 401, 'invalid_client', 'Unauthorized');
    if (fields.grant_type === 'authorization_code') return exchangeCode(ctx, res, fields);
    if (fields.grant_type === 'refresh_token') return refreshGrant(ctx, res, fields);
    sendOAuthError(res, 400, 'unsupported_grant_type', `Invalid grant_type: ${fields.grant_type ?? ''}`);
  };
}

/**
 * POST /revoke?token=… (google-auth-library sends the token in the query, no client credentials; a form body works too).
 * Either token of a grant revokes the grant: its access tokens and its refresh token.
 */
export function revokeToken(ctx: YouTubeContext) {
  return function revokeTokenHandler(req: Request, res: Response): void {
    res.set('Cache-Control', 'no-store');
    const token = fieldsOf(req).token;
    if (!token || !ctx.tokens.revoke(token)) return sendOAuthError(res, 400, 'invalid_token', 'Token expired or revoked');
    res.json({});
  };
}
