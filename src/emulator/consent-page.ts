/** HTML of the emulator's consent and error pages. Every value is escaped: state and URIs come from the query. */
import type { EmulatedUser, HostKey } from './types';

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
.banner{background:#fff4ce;border:1px solid #e0c36b;padding:.5rem .75rem;border-radius:4px}
fieldset{border:1px solid #ccc;border-radius:4px;margin:1rem 0}label{display:block;margin:.4rem 0}
button{font:inherit;padding:.45rem 1.2rem;margin-right:.5rem}code{word-break:break-all}`;

function page(title: string, main: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
<p class="banner">Zoom emulator — sandbox. No real Zoom account is involved.</p>
${main}
</main></body>
</html>`;
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

/** What each sandbox host is for, as the person testing picks one. */
const HOST_LABELS: Record<HostKey, string> = {
  pro: 'Pro',
  basic: 'Basic',
  licensed: 'Licensed host, no webinar plan, streaming off',
};

function hostChoice(host: EmulatedUser, checked: boolean): string {
  const licence = HOST_LABELS[host.key];
  const id = `host-${host.key}`;
  return `<label for="${id}"><input type="radio" id="${id}" name="host" value="${host.key}"${checked ? ' checked' : ''}>
 ${escapeHtml(host.display_name)} (${escapeHtml(host.email)}) — ${licence}</label>`;
}

export function renderConsentPage(request: AuthorizeRequest, hosts: EmulatedUser[], scope: string): string {
  return page('Zoom emulator — sandbox', `<h1>Allow this app to use your Zoom account?</h1>
<p>App <code>${escapeHtml(request.clientId)}</code> asks for: <code>${escapeHtml(scope)}</code>.
You will be sent back to <code>${escapeHtml(request.redirectUri)}</code>.</p>
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
