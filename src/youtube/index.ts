import type { RefreshLock } from '../credentials/refresh-lock';
import { createGrantsRepository } from '../credentials/grants';
import type { TokenVault } from '../credentials/vault';
import type { AppDatabase } from '../db/types';
import { createBroadcastRepository } from './broadcast-repository';
import { createBroadcasts } from './broadcasts';
import { createGoogleOAuth, type GoogleSettings } from './google-oauth';
import { createYouTubeGrant } from './grant';
import { createYouTubeLiveStatus } from './live-status';
import { createQuotaLedger, type QuotaLedgerOptions } from './quota';

/** The YouTube destination's collaborators, when Google is configured (or the sandbox's emulator stands in). */
export interface YouTubeDeps {
  database: AppDatabase; vault: TokenVault; refreshLock: RefreshLock; now: () => number;
  /** The metrics' observers of quota spent and refused. */
  onSpend?: QuotaLedgerOptions['onSpend']; onRefusal?: QuotaLedgerOptions['onRefusal'];
}

export function createYouTube(settings: GoogleSettings & { dailyUnits?: number }, deps: YouTubeDeps) {
  const google = createGoogleOAuth(settings);
  const grant = createYouTubeGrant({ google, grants: createGrantsRepository(deps.database.db, deps.now, 'google'), vault: deps.vault, refreshLock: deps.refreshLock, now: deps.now });
  const youtube = { google, grant, apiUrl: settings.apiUrl };
  // The Google project's daily quota, counted in the database every instance shares.
  const quota = createQuotaLedger({ db: deps.database.db, now: deps.now, dailyUnits: settings.dailyUnits ?? 10_000, onSpend: deps.onSpend, onRefusal: deps.onRefusal });
  // The broadcasts the app creates for events (one reusable stream per destination).
  const repository = createBroadcastRepository(deps.database.db);
  const broadcasts = createBroadcasts({ youtube, repository, vault: deps.vault, quota, now: deps.now });
  // YouTube's view of an event's broadcast for its page, and the watch links of /streams.
  const liveStatus = createYouTubeLiveStatus({ grant, apiUrl: settings.apiUrl, repository, quota, now: deps.now });
  return { ...youtube, broadcasts, liveStatus, quota, repository };
}

export type YouTube = ReturnType<typeof createYouTube>;
