import { randomUUID } from 'node:crypto';
import type { TokenVault } from '../credentials/vault';
import type { AppDatabase, ChangeHistoryTable } from '../db/types';
import type { EventKind } from '../zoom/client';
import { guarded } from '../db/errors';
import type { ChangeSource, HistoryEntry, HistoryRepository, NewHistoryEntry, StreamSettings } from './types';

/** The settings without the key as JSON, the key sealed on its own: no column holds a stream key in clear. */
function split(settings: StreamSettings, vault: TokenVault): { json: string; sealedKey: string } {
  const { stream_key, ...rest } = settings;
  return { json: JSON.stringify(rest), sealedKey: vault.seal(stream_key) };
}

function join(json: string, sealedKey: string, vault: TokenVault): StreamSettings {
  const rest = JSON.parse(json) as Omit<StreamSettings, 'stream_key'>;
  return { ...rest, stream_key: vault.open(sealedKey) ?? '' };
}

function toEntry(row: ChangeHistoryTable, vault: TokenVault): HistoryEntry {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind as EventKind,
    eventId: row.event_id,
    source: row.source as ChangeSource,
    before: join(row.before_settings, row.sealed_before_key, vault),
    after: join(row.after_settings, row.sealed_after_key, vault),
    at: new Date(Number(row.at)),
  };
}

/** Every live stream change the app made, per Zoom user and event; pruned by age (HISTORY_DAYS). */
export function createHistoryRepository({ db }: AppDatabase, vault: TokenVault, now: () => number = Date.now): HistoryRepository {
  return {
    record: (entry: NewHistoryEntry) => guarded(async () => {
      const before = split(entry.before, vault);
      const after = split(entry.after, vault);
      const row: ChangeHistoryTable = {
        id: entry.id ?? randomUUID(),
        user_id: entry.userId,
        kind: entry.kind,
        event_id: entry.eventId,
        source: entry.source,
        before_settings: before.json,
        after_settings: after.json,
        sealed_before_key: before.sealedKey,
        sealed_after_key: after.sealedKey,
        at: (entry.at ?? new Date(now())).getTime(),
      };
      await db.insertInto('change_history').values(row).execute();
      return toEntry(row, vault);
    }),

    recent: (userId, kind, eventId, limit = 10) => guarded(async () => {
      const rows = await db.selectFrom('change_history').selectAll()
        .where('user_id', '=', userId).where('kind', '=', kind).where('event_id', '=', eventId)
        .orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map((row) => toEntry(row, vault));
    }),

    get: (userId, id) => guarded(async () => {
      const row = await db.selectFrom('change_history').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return row && toEntry(row, vault);
    }),

    prune: (olderThan) => guarded(async () => {
      const result = await db.deleteFrom('change_history').where('at', '<', olderThan.getTime()).executeTakeFirst();
      return Number(result.numDeletedRows);
    }),

    removeAllOf: (userId) => guarded(async () => {
      const result = await db.deleteFrom('change_history').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    }),
  };
}
