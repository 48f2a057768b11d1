import { startHarness, loginAs, type Harness } from '../helpers/harness';
import type { AccountKey } from '../../src/emulators/youtube';
import { createBroadcastRepository } from '../../src/youtube/broadcast-repository';
import { createBroadcasts } from '../../src/youtube/broadcasts';
import { youtubeClient } from '../../src/youtube/channel';

/**
 * A host logged in to the app who connected a YouTube channel through the app's pages (the consent walk of
 * test/app/youtube-connect.test.ts), and the broadcasts domain built from the app's own deps.
 */
/** The hidden fields of the emulator's consent page, as a browser posts them back. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[name] = value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  return fields;
}

/** Connect YouTube, pick the account on the emulator's consent page, allow; throws unless the app kept the grant. */
export async function connectYouTube(h: Harness, account: AccountKey = 'streamer'): Promise<void> {
  const start = await h.agent.get('/youtube/connect').expect(302);
  const authUrl = new URL(start.headers.location);
  const page = await fetch(authUrl);
  const answer = await fetch(new URL('/o/oauth2/v2/auth', authUrl), {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...hiddenFields(await page.text()), account, decision: 'allow' }),
  });
  const back = new URL(answer.headers.get('location') ?? '');
  await h.agent.get(`${back.pathname}${back.search}`).expect(303);
  const kept = await h.deps.database.db.selectFrom('grants').select('user_id').where('provider', '=', 'google').execute();
  if (kept.length !== 1) throw new Error(`YouTube was not connected (${kept.length} grants)`);
}

export interface Connected {
  h: Harness;
  userId: string;
  broadcasts: ReturnType<typeof createBroadcasts>;
  repository: ReturnType<typeof createBroadcastRepository>;
  /** The official client with the host's grant, for what a host does in YouTube Studio behind the app's back. */
  studio: <T>(work: (api: ReturnType<typeof youtubeClient>) => Promise<T>) => Promise<T>;
  rows: () => Promise<{ streams: unknown[]; broadcasts: Array<{ broadcast_id: string; stream_id: string; title: string; scheduled_start: number; occurrence_id: string }> }>;
}

export async function startConnected(): Promise<Connected> {
  const h = await startHarness({ youtube: {} });
  await loginAs(h, 'pro');
  await connectYouTube(h);
  const youtube = h.deps.youtube!;
  const repository = createBroadcastRepository(h.deps.database.db);
  const userId = h.emulator.hosts.pro.id;
  return {
    h, userId, repository,
    broadcasts: createBroadcasts({ youtube, repository, vault: h.deps.vault, now: h.deps.now }),
    studio: (work) => youtube.grant.withYouTube(userId, (auth) => work(youtubeClient(auth, youtube.apiUrl))),
    rows: async () => ({
      streams: await h.deps.database.db.selectFrom('youtube_streams').selectAll().execute(),
      broadcasts: (await h.deps.database.db.selectFrom('youtube_broadcasts').selectAll().orderBy('scheduled_start').execute())
        .map((row) => ({ ...row, scheduled_start: Number(row.scheduled_start) })),
    }),
  };
}

/** An ISO time `days` from now, on the minute (YouTube wants a start in the future). */
export const daysAhead = (days: number) => new Date(Math.floor((Date.now() + days * 86_400_000) / 60_000) * 60_000).toISOString();
