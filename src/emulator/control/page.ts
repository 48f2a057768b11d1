/**
 * HTML of the emulator's stand-in for the Zoom client: one meeting or webinar, whether it is in progress and
 * streaming, and the host's buttons. Plain forms (POST, then 303 back), so it works without JavaScript.
 */
import { escapeHtml, page } from '../html-page';
import type { EmulatedEvent, EmulatedUser, EventKind, LivestreamSettings } from '../types';

export interface ControlView {
  kind: EventKind;
  event: EmulatedEvent;
  host: EmulatedUser;
  live: boolean;
  livestream?: LivestreamSettings;
  /** Where webhooks go now; undefined when the emulator sends none. */
  webhookUrl?: string;
}

const NOUN: Record<EventKind, string> = { meeting: 'Meeting', webinar: 'Webinar' };

/** Ids are digits from the seed (checked by the route), so the path needs no escaping beyond the usual. */
export function controlPath(kind: EventKind, id: string, action = ''): string {
  return `/emulator/${kind}s/${id}${action && `/${action}`}`;
}

function button(kind: EventKind, id: string, action: string, label: string): string {
  return `<form method="post" action="${escapeHtml(controlPath(kind, id, action))}"><button>${escapeHtml(label)}</button></form>`;
}

/** The stream key is a secret even here: the page names where the stream goes, never its key. */
function streamLine(view: ControlView): string {
  if (!view.live) return 'Live stream: <strong>not streaming</strong>.';
  const to = view.livestream?.stream_url ? ` to <code>${escapeHtml(view.livestream.stream_url)}</code>` : '';
  return `Live stream: <strong>streaming</strong>${to}.`;
}

function webhookLine(url: string | undefined): string {
  if (!url) return 'No webhook URL is set: the app hears of nothing that happens here.';
  return `Each change is sent to <code>${escapeHtml(url)}</code> as Zoom's webhook events.`;
}

export function renderControlPage(view: ControlView): string {
  const { kind, event, host } = view;
  const noun = NOUN[kind];
  const started = event.status === 'started';
  const buttons = [
    started ? button(kind, event.id, 'end', `End ${kind}`) : button(kind, event.id, 'start', `Start ${kind}`),
    view.live ? button(kind, event.id, 'stop-stream', 'Stop live stream') : '',
    button(kind, event.id, 'delete', event.occurrences ? `Delete ${kind} series` : `Delete ${kind}`),
  ].filter(Boolean).join('\n');
  return page(`${noun} ${event.id} — Zoom emulator`, `<h1>${escapeHtml(event.topic)}</h1>
<p>${noun} <code>${escapeHtml(event.id)}</code>, hosted by ${escapeHtml(host.display_name)} (${escapeHtml(host.email)}).</p>
<p id="status">Status: <strong>${started ? 'in progress' : 'not started'}</strong>.</p>
<p id="stream">${streamLine(view)}</p>
<div class="actions">
${buttons}
</div>
<p>${webhookLine(view.webhookUrl)}</p>
<p><a href="/emulator/users">Accounts and roles</a></p>`);
}

export function renderUnknownEvent(kind: EventKind, id: string): string {
  return page(`No such ${kind} — Zoom emulator`, `<h1>No ${kind} ${escapeHtml(id)}</h1>
<p role="alert">The emulator has no ${kind} with this id. Its ${kind}s are listed by the app's home page once a host is connected.</p>`);
}

/** After Delete: the event is gone (its own page would now 404), so the answer says so rather than redirecting there. */
export function renderDeletedEvent(kind: EventKind, id: string): string {
  return page(`${NOUN[kind]} deleted — Zoom emulator`, `<h1>${NOUN[kind]} ${escapeHtml(id)} deleted</h1>
<p role="status">The host deleted this ${kind} in Zoom: it is no longer listed, and ${kind}.deleted was sent to the app.</p>`);
}
