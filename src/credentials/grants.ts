import type { Database } from '../db/types';
import { guarded } from '../db/errors';
import type { SealedToken } from './vault';

/**
 * Grants that outlive a browser session (issue 23): the host's Zoom grant, sealed, in the app's database, one
 * row per user and provider. Once a host turns a plan on, this row is the ONE copy of their rotating refresh
 * token: the plans' background work and every browser session of that host use it (never two copies).
 * Storage only; the grant keeper (grant-keeper.ts) refreshes it under the refresh lock.
 */
export type GrantStatus = 'active' | 'refused';
/** Whose grant: Zoom's (plans) or Google's (the YouTube destination). */
export type GrantProvider = 'zoom' | 'google';

export interface StoredGrant {
  userId: string;
  accountId: string;
  token: SealedToken;
  status: GrantStatus;
  updatedAt: number;
}

/** One provider's grants: `createGrantsRepository(db, now)` is Zoom's, `(db, now, 'google')` Google's. */
export function createGrantsRepository(db: Database, now: () => number = Date.now, provider: GrantProvider = 'zoom') {
  const PROVIDER = provider;
  const rows = () => db.selectFrom('grants').where('provider', '=', PROVIDER);

  return {
    get: (userId: string) => guarded(async (): Promise<StoredGrant | undefined> => {
      const row = await rows().selectAll().where('user_id', '=', userId).executeTakeFirst();
      if (!row) return undefined;
      return { userId: row.user_id, accountId: row.account_id, token: JSON.parse(row.sealed_token) as SealedToken, status: row.status as GrantStatus, updatedAt: Number(row.updated_at) };
    }),

    /** The grant's status only (every page of a host asks it for the paused banner): undefined without a grant. */
    statusOf: (userId: string) => guarded(async (): Promise<GrantStatus | undefined> => {
      const row = await rows().select('status').where('user_id', '=', userId).executeTakeFirst();
      return row?.status as GrantStatus | undefined;
    }),

    /** Keeps this token as the user's grant (a first plan, or a new login replacing a refused or older grant). */
    put: (userId: string, accountId: string, token: SealedToken) => guarded(async (): Promise<void> => {
      const values = { sealed_token: JSON.stringify(token), account_id: accountId, status: 'active', updated_at: now() };
      await db.insertInto('grants').values({ user_id: userId, provider: PROVIDER, ...values })
        .onConflict((oc) => oc.columns(['user_id', 'provider']).doUpdateSet(values)).execute();
    }),

    /**
     * Replaces the token only if the row still holds `previous` (compare-and-set on the sealed value): a refresh
     * that lost a race, or a grant deleted meanwhile, writes nothing. True when written.
     */
    replace: (userId: string, previous: SealedToken, next: SealedToken) => guarded(async (): Promise<boolean> => {
      const result = await db.updateTable('grants').set({ sealed_token: JSON.stringify(next), updated_at: now() })
        .where('provider', '=', PROVIDER).where('user_id', '=', userId).where('sealed_token', '=', JSON.stringify(previous)).where('status', '=', 'active')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    }),

    /** Zoom refused a refresh: the token is dropped (it is dead) and the plans pause until the host connects again. */
    markRefused: (userId: string) => guarded(async (): Promise<void> => {
      await db.updateTable('grants').set({ status: 'refused', sealed_token: '{}', updated_at: now() })
        .where('provider', '=', PROVIDER).where('user_id', '=', userId).execute();
    }),

    remove: (userId: string) => guarded(async (): Promise<number> => {
      const result = await db.deleteFrom('grants').where('provider', '=', PROVIDER).where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    }),

    /** Users whose grant is active: whom the reconcile acts for. */
    activeUsers: () => guarded(async (): Promise<string[]> => {
      const found = await rows().select('user_id').where('status', '=', 'active').execute();
      return found.map((row) => row.user_id);
    }),
  };
}

export type GrantsRepository = ReturnType<typeof createGrantsRepository>;
