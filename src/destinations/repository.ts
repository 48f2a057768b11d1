import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { TokenVault } from '../credentials/vault';
import { guarded } from '../db/errors';
import type { AppDatabase, DestinationsTable } from '../db/types';
import {
  DestinationLimitError, DuplicateNameError, MAX_DESTINATIONS,
  PRIVACIES, type Destination, type DestinationInput, type DestinationsRepository, type Resolution, type YouTubeOptions,
} from './types';

/** A stored YouTube options JSON that does not parse (a bad value) reads as private, so nothing goes public by mistake. */
export function youtubeOptionsOf(json: string | null | undefined): YouTubeOptions | undefined {
  if (!json) return undefined;
  let raw: Partial<YouTubeOptions>;
  try {
    raw = JSON.parse(json) as Partial<YouTubeOptions>;
  } catch {
    raw = {};
  }
  return {
    privacy: PRIVACIES.includes(raw.privacy as never) ? raw.privacy! : 'private',
    titlePattern: typeof raw.titlePattern === 'string' ? raw.titlePattern : '',
    description: typeof raw.description === 'string' ? raw.description : '',
    autoStart: raw.autoStart !== false,
    autoStop: raw.autoStop !== false,
  };
}

/** Every query of this repository: a taken name is DuplicateNameError, other database failures a 503. */
function guardedQuery<T>(work: () => Promise<T>): Promise<T> {
  return guarded(work, () => new DuplicateNameError());
}

function toDestination(row: DestinationsTable, vault: TokenVault): Destination {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    stream_url: row.stream_url,
    // A key sealed with a key since retired opens as empty: the host types it again.
    stream_key: vault.open(row.sealed_stream_key) ?? '',
    page_url: row.page_url,
    resolution: row.resolution as Resolution,
    youtube: youtubeOptionsOf(row.youtube),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

/** Saved destinations, per Zoom user: every query is scoped by user_id, so another host's ID finds nothing. */
export function createDestinationsRepository({ db, dialect }: AppDatabase, vault: TokenVault, now: () => number = Date.now): DestinationsRepository {
  const columns = (input: DestinationInput) => ({
    name: input.name,
    stream_url: input.stream_url,
    sealed_stream_key: vault.seal(input.stream_key),
    page_url: input.page_url,
    resolution: input.resolution,
    youtube: input.youtube ? JSON.stringify(input.youtube) : null,
  });

  return {
    list: (userId) => guardedQuery(async () => {
      const rows = await db.selectFrom('destinations').selectAll().where('user_id', '=', userId).orderBy('name').execute();
      return rows.map((row) => toDestination(row, vault));
    }),

    names: (userId) => guardedQuery(() => db.selectFrom('destinations').select(['id', 'name']).where('user_id', '=', userId).orderBy('name').execute()),

    get: (userId, id) => guardedQuery(async () => {
      const row = await db.selectFrom('destinations').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return row && toDestination(row, vault);
    }),

    // Count and insert in one transaction, one creation per host at a time, so two requests (or two
    // instances) cannot both take the last place: SQLite's transaction holds its only connection,
    // PostgreSQL takes a transaction-scoped advisory lock on the host's id.
    create: (userId, input) => guardedQuery(() => db.transaction().execute(async (trx) => {
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`destinations:${userId}`}))`.execute(trx);
      const { count } = await trx.selectFrom('destinations').select((eb) => eb.fn.countAll<string>().as('count')).where('user_id', '=', userId).executeTakeFirstOrThrow();
      if (Number(count) >= MAX_DESTINATIONS) throw new DestinationLimitError();
      const at = now();
      const row: DestinationsTable = { id: randomUUID(), user_id: userId, ...columns(input), created_at: at, updated_at: at };
      await trx.insertInto('destinations').values(row).execute();
      return toDestination(row, vault);
    })),

    update: (userId, id, input) => guardedQuery(async () => {
      const result = await db.updateTable('destinations').set({ ...columns(input), updated_at: now() })
        .where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return undefined;
      const row = await db.selectFrom('destinations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return toDestination(row, vault);
    }),

    remove: (userId, id) => guardedQuery(async () => {
      const result = await db.deleteFrom('destinations').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    }),

    removeAllOf: (userId) => guardedQuery(async () => {
      const result = await db.deleteFrom('destinations').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    }),
  };
}
