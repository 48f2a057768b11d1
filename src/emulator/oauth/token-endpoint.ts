/** POST /oauth/token and POST /oauth/revoke: client authentication, code exchange with PKCE, refresh rotation. */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { authenticatedApp } from './apps';
import type { EmulatorContext } from '../context';
import { sendOAuthError } from '../errors';
import type { Grant } from './grants';

type Fields = Record<string, string | undefined>;

const PKCE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** Zoom also reads these parameters from the query string, so both places count (the body wins). */
function fieldsOf(req: Request): Fields {
  const fields: Fields = {};
  const sources = [req.query as Record<string, unknown>, req.is('urlencoded') ? (req.body as Record<string, unknown>) : {}];
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}

/** Basic auth first (what Zoom documents); client_id/client_secret in the body are accepted too. */
function authenticatedClient(ctx: EmulatorContext, req: Request, fields: Fields): string | undefined {
  let id = fields.client_id;
  let secret = fields.client_secret;
  const basic = /^Basic\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    id = colon < 0 ? undefined : decoded.slice(0, colon);
    secret = colon < 0 ? undefined : decoded.slice(colon + 1);
  }
  return authenticatedApp(ctx, id, secret)?.clientId;
}

function rejectClient(res: Response): void {
  sendOAuthError(res, 401, 'invalid_client', 'Invalid client_id or client_secret');
}

function sendGrant(res: Response, req: Request, ctx: EmulatorContext, grant: Grant): void {
  res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json({
    access_token: grant.accessToken,
    token_type: 'bearer',
    refresh_token: grant.refreshToken,
    expires_in: ctx.options.accessTokenTtlSeconds,
    scope: grant.scope,
    // Zoom answers https://api.zoom.us; here the REST API lives on this same origin.
    api_url: `${req.protocol}://${req.get('host')}`,
  });
}

function verifierMatches(verifier: string | undefined, challenge: string): boolean {
  if (!verifier || !PKCE_VERIFIER.test(verifier)) return false;
  return createHash('sha256').update(verifier).digest('base64url') === challenge;
}

function exchangeCode(ctx: EmulatorContext, req: Request, res: Response, clientId: string, fields: Fields): void {
  const code = fields.code ?? '';
  const found = ctx.tokens.spendCode(code, clientId);
  if (!found) return sendOAuthError(res, 400, 'invalid_grant', `Invalid authorization code ${code}`);
  if (fields.redirect_uri !== found.redirectUri) return sendOAuthError(res, 400, 'invalid_grant', 'Redirect URI mismatch.');
  if (found.codeChallenge && !verifierMatches(fields.code_verifier, found.codeChallenge)) {
    return sendOAuthError(res, 400, 'invalid_grant', 'Invalid code verifier');
  }
  sendGrant(res, req, ctx, ctx.tokens.issueGrant(clientId, found.hostKey, found.scope));
}

function refreshGrant(ctx: EmulatorContext, req: Request, res: Response, clientId: string, fields: Fields): void {
  const grant = ctx.tokens.refresh(fields.refresh_token ?? '', clientId);
  if (!grant) return sendOAuthError(res, 400, 'invalid_grant', 'Invalid Token!');
  sendGrant(res, req, ctx, grant);
}

/** POST /oauth/token */
export function issueToken(ctx: EmulatorContext) {
  return function issueTokenHandler(req: Request, res: Response): void {
    res.set('Cache-Control', 'no-store');
    const fields = fieldsOf(req);
    const clientId = authenticatedClient(ctx, req, fields);
    if (!clientId) return rejectClient(res);
    if (fields.grant_type === 'authorization_code') return exchangeCode(ctx, req, res, clientId, fields);
    if (fields.grant_type === 'refresh_token') return refreshGrant(ctx, req, res, clientId, fields);
    sendOAuthError(res, 400, 'unsupported_grant_type', 'Unsupported grant type');
  };
}

/** POST /oauth/revoke: ends the token's pair. Unknown tokens succeed too (RFC 7009): nothing is left to revoke. */
export function revokeToken(ctx: EmulatorContext) {
  return function revokeTokenHandler(req: Request, res: Response): void {
    res.set('Cache-Control', 'no-store');
    const fields = fieldsOf(req);
    if (!authenticatedClient(ctx, req, fields)) return rejectClient(res);
    if (!fields.token) return sendOAuthError(res, 400, 'invalid_request', 'Missing token');
    ctx.tokens.revoke(fields.token);
    res.json({ status: 'success' });
  };
}
