/** HTML of the emulator's consent and error pages. Every value is escaped: state and URIs come from the query. */
import { escapeHtml, page } from '../html-page';
import type { RegisteredApp } from '../options';
import type { EmulatedUser, HostKey } from '../types';

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

function hidden(name: string, value: string | undefined): string {
  return value ? `<input type="hidden" name="${name}" value="${escapeHtml(value)}">` : '';
}

/** The pending authorization travels in the form itself: the emulator keeps no session. */
function hiddenFields(request: AuthorizeRequest): string {
  return [
    hidden('client_id', request.clientId),
    hidden('redirect_uri', request.redirectUri),
    hidden('state', request.state),
    hidden('code_challenge', request.codeChallenge),
    hidden('code_challenge_method', request.codeChallengeMethod),
  ].filter(Boolean).join('\n');
}

/** What each sandbox user is for, as the person testing picks one. */
const HOST_LABELS: Record<HostKey, string> = {
  pro: 'Pro',
  basic: 'Basic',
  licensed: 'Licensed host, no webinar plan, streaming off',
  pro2: 'Pro, second host of the shared account',
  owner: 'Licensed, owner of the shared account',
  admin: 'Basic, admin of the shared account',
  otherAdmin: 'Licensed, admin of another account',
  otherHost: 'Pro, host of another account',
};

/** The role is shown as it is now: setRole changes it while the emulator runs. */
function hostChoice(host: EmulatedUser, checked: boolean): string {
  const licence = HOST_LABELS[host.key];
  const id = `host-${host.key}`;
  return `<label for="${id}"><input type="radio" id="${id}" name="host" value="${host.key}"${checked ? ' checked' : ''}>
 ${escapeHtml(host.display_name)} (${escapeHtml(host.email)}) — ${licence}; role: ${escapeHtml(host.role_name)}</label>`;
}

function appLine(app: RegisteredApp): string {
  if (app.type === 'user-managed') return 'It will act for the user you sign in as.';
  return '<strong>This app is admin-managed</strong>: only an account owner or admin can add it, and it may act on every user of their account.';
}

export function renderConsentPage(request: AuthorizeRequest, hosts: EmulatedUser[], app: RegisteredApp): string {
  return page('Zoom emulator — sandbox', `<h1>Allow this app to use your Zoom account?</h1>
<p>App <code>${escapeHtml(request.clientId)}</code> asks for: <code>${escapeHtml(app.scope)}</code>.
You will be sent back to <code>${escapeHtml(request.redirectUri)}</code>.</p>
<p id="app-type">${appLine(app)}</p>
<form method="post" action="/oauth/authorize">
${hiddenFields(request)}
<fieldset><legend>Sign in as</legend>
${hosts.map((host, index) => hostChoice(host, index === 0)).join('\n')}
</fieldset>
<button name="decision" value="allow">Allow</button>
<button name="decision" value="deny">Deny</button>
</form>`);
}

export function renderAuthorizeError(message: string): string {
  return page('Zoom emulator — authorization error', `<h1>This authorization request cannot be completed</h1>
<p role="alert">${escapeHtml(message)}</p>
<p>The app that sent you here built an invalid request. Go back to it and start again.</p>`);
}

/**
 * A Member tried to add an admin-managed app. Zoom keeps the browser on its own page (no redirect to the app); the
 * wording is the emulator's, Zoom's exact sentence is not published.
 */
export function renderAdminOnly(): string {
  return page('Zoom emulator — app not added', `<h1>You cannot add this app</h1>
<p role="alert">This app can only be added by your account owner or admin. Contact your Zoom account admin to add it for your account.</p>`);
}
