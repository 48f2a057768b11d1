import type { GrantKeeper } from '../credentials/grant-keeper';
import { createGrantsRepository } from '../credentials/grants';
import type { TokenVault } from '../credentials/vault';
import type { AppDatabase } from '../db/types';
import type { HistoryRepository } from '../destinations/types';
import type { YouTube } from '../youtube';
import type { ZoomClient } from '../zoom/client';
import { checkIngest, type IngestResult } from './ingest';
import { createPreflightRepository } from './repository';
import { createPreflightSchedule, type ScheduleDeps } from './schedule';
import { createPreflight } from './service';

/** Pre-flight checks, wired: the check itself (pages and the automatic run), its storage, and the automatic run. */
export interface PreflightWiring extends Pick<ScheduleDeps, 'accessFor' | 'windowsMs' | 'periodMs' | 'owner' | 'now' | 'logger'> {
  database: AppDatabase;
  vault: TokenVault;
  zoom: ZoomClient;
  history: Pick<HistoryRepository, 'recent'>;
  grants: Pick<GrantKeeper, 'statusOf'>;
  youtube?: YouTube;
  onCheck?: (check: string, result: string) => void;
  /** How an ingest server is asked (tests resolve every name to loopback); checkIngest by default. */
  ingest?: (streamUrl: string) => Promise<IngestResult>;
  sandbox: boolean;
}

export function createPreflightRoom(deps: PreflightWiring) {
  const repository = createPreflightRepository(deps.database.db);
  const youtube = deps.youtube && { repository: deps.youtube.repository, liveStatus: deps.youtube.liveStatus, vault: deps.vault };
  const service = createPreflight({
    zoom: deps.zoom, history: deps.history, repository, grants: deps.grants, youtube, now: deps.now, onCheck: deps.onCheck,
    // The sandbox streams to servers on the developer's machine; a deployment asks only public addresses.
    ingest: deps.ingest ?? ((streamUrl) => checkIngest(streamUrl, { allowPrivate: deps.sandbox })),
  });
  const grantHolders = createGrantsRepository(deps.database.db, deps.now);
  const schedule = createPreflightSchedule({
    zoom: deps.zoom, preflight: service, repository, grantHolders: () => grantHolders.activeUsers(), accessFor: deps.accessFor,
    windowsMs: deps.windowsMs, periodMs: deps.periodMs, owner: deps.owner, now: deps.now, logger: deps.logger,
  });
  return { service, repository, schedule };
}

export type PreflightRoom = ReturnType<typeof createPreflightRoom>;
