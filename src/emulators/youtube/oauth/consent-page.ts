/** HTML of the consent and authorization-error pages. Every value is escaped: state, scope and URIs come from the query. */
import { escapeHtml, page } from '../html-page';
import type { GoogleAccount } from '../types';
import { ACCOUNT_LABELS } from './accounts';

/** What a checked authorization request carries from the GET to the form's POST (the emulator keeps no session). */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  codeChallenge: string;
  codeChallengeMethod: string;
  accessType?: string;
  state?: string;
}

function hidden(name: string, value: string | undefined): string {
  return value ? `<input type="hidden" name="${name}" value="${escapeHtml(value)}">` : '';
}

function hiddenFields(request: AuthorizeRequest): string {
  return [
    hidden('client_id', request.clientId),
    hidden('redirect_uri', request.redirectUri),
    hidden('scope', request.scope),
    hidden('code_challenge', request.codeChallenge),
    hidden('code_challenge_method', request.codeChallengeMethod),
    hidden('access_type', request.accessType),
    hidden('state', request.state),
  ].filter(Boolean).join('\n');
}

function accountChoice(account: GoogleAccount, checked: boolean): string {
  const id = `account-${account.key}`;
  return `<label for="${id}"><input type="radio" id="${id}" name="account" value="${account.key}"${checked ? ' checked' : ''}>
 ${escapeHtml(account.name)} (${escapeHtml(account.email)}) — ${ACCOUNT_LABELS[account.key]}</label>`;
}

export function renderConsentPage(request: AuthorizeRequest, accounts: GoogleAccount[]): string {
  return page('Sign in with Google — sandbox', `<h1>Choose an account to continue to the app</h1>
<p>App <code>${escapeHtml(request.clientId)}</code> wants to: <code>${escapeHtml(request.scope)}</code>.
You will be sent back to <code>${escapeHtml(request.redirectUri)}</code>.</p>
<form method="post" action="/o/oauth2/v2/auth">
${hiddenFields(request)}
<fieldset><legend>Google account</legend>
${accounts.map((account, index) => accountChoice(account, index === 0)).join('\n')}
</fieldset>
<button name="decision" value="allow">Allow</button>
<button name="decision" value="deny">Deny</button>
</form>`);
}

/** Google shows "Error 400: <code>" instead of redirecting when the request itself is wrong. */
export function renderAuthorizeError(error: string, message: string): string {
  return page('Sign in with Google — error', `<h1>Access blocked: this app's request is invalid</h1>
<p role="alert">Error 400: <code>${escapeHtml(error)}</code></p>
<p>${escapeHtml(message)}</p>`);
}
