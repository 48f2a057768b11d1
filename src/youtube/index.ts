import type { RefreshLock } from '../credentials/refresh-lock';
import { createGrantsRepository } from '../credentials/grants';
import type { TokenVault } from '../credentials/vault';
import type { AppDatabase } from '../db/types';
import { createBroadcastRepository } from './broadcast-repository';
import { createBroadcasts } from './broadcasts';
import { createGoogleOAuth, type GoogleSettings } from './google-oauth';
import { createYouTubeGrant } from './grant';

/** The YouTube destination's collaborators, when Google is configured (or the sandbox's emulator stands in). */
export function createYouTube(settings: GoogleSettings, deps: { database: AppDatabase; vault: TokenVault; refreshLock: RefreshLock; now: () => number }) {
  const google = createGoogleOAuth(settings);
  const grant = createYouTubeGrant({ google, grants: createGrantsRepository(deps.database.db, deps.now, 'google'), vault: deps.vault, refreshLock: deps.refreshLock, now: deps.now });
  const youtube = { google, grant, apiUrl: settings.apiUrl };
  // The broadcasts the app creates for events (one reusable stream per destination): the next step wires them to pages.
  const broadcasts = createBroadcasts({ youtube, repository: createBroadcastRepository(deps.database.db), vault: deps.vault, now: deps.now });
  return { ...youtube, broadcasts };
}

export type YouTube = ReturnType<typeof createYouTube>;
