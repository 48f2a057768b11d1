import type { ReadCache } from '../cache/index';
import type { DestinationsRepository, HistoryRepository } from '../destinations/types';
import type { JobsRepository } from '../jobs/types';
import type { GrantKeeper } from '../credentials/grant-keeper';
import type { PlansRepository } from '../plans/repository';
import type { UserSessionIndex } from '../sessions/store-types';
import type { LiveStore } from './live-store';

/**
 * `app_deauthorized`: the host removed the app, and Zoom's Marketplace requires that nothing of them is kept.
 * Plain values in, counts out: the webhook calls it, and so can anything else that must forget a user.
 */
export interface UserDataStores {
  destinations: Pick<DestinationsRepository, 'removeAllOf'>;
  history: Pick<HistoryRepository, 'removeAllOf'>;
  jobs: Pick<JobsRepository, 'removeAllOf'>;
  live: Pick<LiveStore, 'removeAllOf'>;
  /** The per-host read cache: what was read of Zoom for them. */
  cache: Pick<ReadCache, 'forgetHost'>;
  /** Streaming plans with their events, log and claims. */
  planData: Pick<PlansRepository, 'removeAllOf'>;
  /** The plans' grant: deleted (Zoom has revoked it on deauthorization; "Delete my saved data" has taken it back or revoked it first). */
  grants: Pick<GrantKeeper, 'forget'>;
  /** The YouTube grant, revoked at Google and deleted (when YouTube is configured). */
  youtube?: { grant: { revoke(userId: string): Promise<number> }; broadcasts: { removeAllOf(userId: string): Promise<number> } };
  /** The pre-flight results of the user's events. */
  preflight?: { repository: { removeAllOf(userId: string): Promise<number> } };
}

export interface RemovedData {
  destinationsRemoved: number;
  historyRemoved: number;
  jobsRemoved: number;
  liveRemoved: number;
  plansRemoved: number;
}

/**
 * Deletes everything the app keeps of a user, in order. A step that fails (the database down) stops here and
 * the caller's retry starts again from the top: every step is "delete what is left", so a second pass is safe.
 * A new kind of data, or a step that must come first (stopping the user's running jobs), is added here.
 */
export async function deleteUserData(userId: string, stores: UserDataStores): Promise<RemovedData> {
  // Plans and their grant first: nothing acts for the user any more while the rest goes.
  const plansRemoved = await stores.planData.removeAllOf(userId);
  await stores.grants.forget(userId);
  await stores.youtube?.grant.revoke(userId);
  // The rows of the broadcasts the app created (the broadcasts stay on the host's channel: they are theirs).
  await stores.youtube?.broadcasts.removeAllOf(userId);
  // Jobs next: a job item whose PATCH is in flight records its history only while its job exists (jobs/item.ts).
  const jobsRemoved = await stores.jobs.removeAllOf(userId);
  const destinationsRemoved = await stores.destinations.removeAllOf(userId);
  const historyRemoved = await stores.history.removeAllOf(userId);
  const liveRemoved = await stores.live.removeAllOf(userId);
  await stores.preflight?.repository.removeAllOf(userId);
  await stores.cache.forgetHost(userId);
  return { destinationsRemoved, historyRemoved, jobsRemoved, liveRemoved, plansRemoved };
}

export interface DeauthorizeDeps extends UserDataStores {
  sessions: UserSessionIndex;
}

/**
 * Ends the user's sessions that began before `at` (a login after it is a new authorization, which a late,
 * retried or replayed delivery must not end), then deletes their data.
 */
export async function deauthorizeUser(userId: string, at: number, deps: DeauthorizeDeps): Promise<RemovedData & { sessionsEnded: number }> {
  const sessionsEnded = await deps.sessions.destroyUserSessions(userId, at);
  const removed = await deleteUserData(userId, deps);
  return { sessionsEnded, ...removed };
}
