import type TestAgent from 'supertest/lib/agent';
import { SANDBOX_WEBHOOK_SECRET } from '../../src/config';
import type { SealedToken } from '../../src/credentials/vault';
import type { EventRef, Plan, PlanInput } from '../../src/plans/types';
import { csrfFrom, type Harness } from './harness';
import { listenOnLoopback } from './net';

/**
 * Streaming plans as the tests set them up: short start waits and no reconcile timer (a test calls
 * `reconciler.runOnce()` itself: the injected-clock way of "within its period"), Zoom's events delivered by the
 * emulator to the app on a loopback port, and a plan turned on the way its page does.
 */
export const PLANS_ENV = { PLANS_START_WAITS_MS: '20,40,80,160', PLANS_RECONCILE_SECONDS: '0', ZOOM_WEBHOOK_SECRET_TOKEN: SANDBOX_WEBHOOK_SECRET };

export const DESTINATION = { name: 'YouTube main', stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'plan-key-3f9a', page_url: 'https://youtube.com/@church/live', resolution: '1080p' };

type HostKey = 'pro' | 'licensed';

/** Points the emulator's webhooks at the app on a real port; close() stops both. */
export async function deliverEventsTo(h: Harness): Promise<{ base: string; close(): Promise<void> }> {
  const hook = await listenOnLoopback(h.app);
  h.emulator.setWebhook({ url: `${hook.base}/webhooks/zoom`, secretToken: SANDBOX_WEBHOOK_SECRET });
  return { base: hook.base, close: async () => { h.emulator.setWebhook(undefined); await hook.close(); } };
}

/** Saves a destination through its page (POST /destinations) and resolves to its id. */
export async function saveDestination(h: Harness, agent: TestAgent, host: HostKey = 'pro', fields = DESTINATION): Promise<string> {
  const form = await agent.get('/destinations/new').expect(200);
  await agent.post('/destinations').type('form').send({ _csrf: csrfFrom(form.text), ...fields }).expect(303);
  const saved = (await h.deps.destinations.list(h.emulator.hosts[host].id)).find((d) => d.name === fields.name);
  if (!saved) throw new Error('destination not saved');
  return saved.id;
}

/** A plan's input with everything on: keep settings, start automatically, on. */
export function planInput(destinationId: string, change: Partial<PlanInput> = {}): PlanInput {
  return { name: 'Sunday services', destinationId, keepSettings: true, autoStart: true, displayName: 'Sunday stream', activeSpeaker: true, enabled: true, ...change };
}

function getSession(h: Harness, sid: string): Promise<{ zoom?: SealedToken; startedAt?: number } | null> {
  return new Promise((resolve, reject) => h.deps.sessionStore.get(sid, (error, sess) => (error ? reject(error) : resolve((sess as never) ?? null))));
}

/** The host's newest browser session: its id and contents. */
export async function newestSession(h: Harness, host: HostKey = 'pro') {
  const sids = await h.deps.sessionStore.sessionsOfUser(h.emulator.hosts[host].id);
  const found = await Promise.all(sids.map(async (sid) => ({ sid, session: await getSession(h, sid) })));
  const live = found.filter((entry) => entry.session?.zoom).sort((a, b) => (b.session!.startedAt ?? 0) - (a.session!.startedAt ?? 0));
  if (live.length === 0) throw new Error(`no session of ${host}`);
  return live[0] as { sid: string; session: { zoom: SealedToken } & Record<string, unknown> };
}

/**
 * Turns a plan on through its page, as a host does: GET /plans/new for the CSRF token, POST /plans (the session's
 * token becomes the host's grant), then waits for the plan's first round (it applies itself at once).
 */
export async function enablePlanFor(h: Harness, input: PlanInput, host: HostKey = 'pro', picked: Array<EventRef & { topic: string }> = [], agent: TestAgent = h.agent): Promise<Plan> {
  const form = await agent.get('/plans/new').expect(200);
  const fields: Record<string, string | string[]> = {
    _csrf: csrfFrom(form.text), name: input.name, destination_id: input.destinationId, display_name: input.displayName,
    series: input.series ? `${input.series.kind}:${input.series.id}` : '', pick: picked.map((event) => `${event.kind}:${event.id}`),
    rule_match: input.rule?.match ?? '', rule_text: input.rule?.text ?? '', rule_kinds: input.rule?.kinds ?? 'both',
  };
  for (const [field, on] of [['keep_settings', input.keepSettings], ['auto_start', input.autoStart], ['active_speaker', input.activeSpeaker], ['enabled', input.enabled]] as const) {
    if (on) fields[field] = '1';
  }
  const created = await agent.post('/plans').type('form').send(new URLSearchParams(Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((one) => [k, one]))).toString());
  if (created.status !== 303) throw new Error(`POST /plans answered ${created.status}`);
  const planId = String(created.headers.location).replace('/plans/', '');
  await h.deps.plans.events.settled();
  const plan = await h.deps.plans.repository.get(h.emulator.hosts[host].id, planId);
  if (!plan) throw new Error('plan not kept');
  return plan;
}

/** Waits until the emulator's webhooks are answered and the plans' work they began is over (no sleeping). */
export async function quiet(h: Harness, others: Array<{ settled(): Promise<void> }> = []): Promise<void> {
  for (let round = 0; round < 20; round += 1) {
    const before = h.emulator.webhookDeliveries().length;
    await h.emulator.webhooksDelivered();
    await h.deps.plans.events.settled();
    await Promise.all(others.map((events) => events.settled()));
    await h.emulator.webhooksDelivered();
    if (h.emulator.webhookDeliveries().length === before) return;
  }
}

/** The plan's log, oldest first, as [action, detail] pairs. */
export async function logOf(h: Harness, planId: string, eventId?: string): Promise<Array<[string, string]>> {
  let query = h.deps.database.db.selectFrom('plan_log').select(['action', 'detail', 'at', 'id']).where('plan_id', '=', planId);
  if (eventId) query = query.where('event_id', '=', eventId);
  const rows = await query.orderBy('at').execute();
  return rows.map((row) => [row.action, row.detail]);
}

/** The status PATCHes with action start that Zoom received for this meeting. */
export const startsOf = (h: Harness, meetingId: string, kind = 'meetings') =>
  h.emulator.requestsTo('PATCH', `/v2/${kind}/${meetingId}/livestream/status`).filter((r) => (r.body as { action?: string }).action === 'start');

/** The settings PATCHes (not the status ones) Zoom received for this meeting. */
export const settingsPatchesOf = (h: Harness, meetingId: string, kind = 'meetings') =>
  h.emulator.requestsTo('PATCH', `/v2/${kind}/${meetingId}/livestream`).filter((r) => !r.path.endsWith('/status'));

/** A Sunday a week from now, as Zoom writes times. */
export function nextWeek(days = 7): string {
  return new Date(Date.now() + days * 24 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
