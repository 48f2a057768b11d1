import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createTokenVault } from '../../src/credentials/vault';
import { migrateToLatest, openDatabase, type AppDatabase } from '../../src/db';
import { createHistoryRepository } from '../../src/destinations/history-repository';
import { createDestinationsRepository } from '../../src/destinations/repository';
import {
  DestinationLimitError, DuplicateNameError, MAX_DESTINATIONS,
  type DestinationInput, type DestinationsRepository, type HistoryRepository, type NewHistoryEntry, type StreamSettings,
} from '../../src/destinations/types';
import { describeEachDialect, type EmptyDatabase } from './dialects';

/**
 * The destinations and history repositories, the same suite on both dialects: the SQLite file the
 * app uses by default and a real PostgreSQL database (fresh per run; skipped locally without a
 * server, a failure in CI).
 */
const vault = createTokenVault(`k1:${randomBytes(32).toString('base64')}`, 'unused');

/** A Zoom user id no other test (or earlier run on the same server) uses. */
const someUser = (): string => `user-${randomUUID()}`;

/** A stream key that cannot appear in a row by accident. */
const someKey = (): string => `live-key-${randomBytes(9).toString('hex')}`;

function destination(name: string, overrides: Partial<DestinationInput> = {}): DestinationInput {
  return { name, stream_url: 'rtmp://live.example.com/app', stream_key: someKey(), page_url: 'https://watch.example.com/', resolution: '720p', ...overrides };
}

function settings(overrides: Partial<StreamSettings> = {}): StreamSettings {
  return { stream_url: 'rtmp://a.example.com/live', stream_key: someKey(), page_url: 'https://a.example.com/watch', resolution: '1080p', ...overrides };
}

function change(userId: string, eventId: string, overrides: Partial<NewHistoryEntry> = {}): NewHistoryEntry {
  return { userId, kind: 'meeting', eventId, source: 'form', before: settings(), after: settings(), ...overrides };
}

describeEachDialect('repositories', (dialect) => {
  let empty: EmptyDatabase;
  let database: AppDatabase;
  let destinations: DestinationsRepository;
  let history: HistoryRepository;

  beforeAll(async () => {
    empty = await dialect.create();
    database = openDatabase(empty.url);
    await migrateToLatest(database.db);
    destinations = createDestinationsRepository(database, vault);
    history = createHistoryRepository(database, vault);
  }, 30_000);

  afterAll(async () => {
    await database?.close();
    await empty?.drop();
  });

  it('opens the dialect the URL names and answers a ping', async () => {
    expect(database.dialect).toBe(dialect.dialect);
    await expect(database.ping()).resolves.toBeUndefined();
  });

  describe('destinations', () => {
    it('create, list (by name), get, update and remove', async () => {
      const user = someUser();
      const studio = await destinations.create(user, destination('Studio'));
      const backup = await destinations.create(user, destination('Backup', { resolution: '' }));
      expect(studio).toMatchObject({ userId: user, name: 'Studio', stream_url: 'rtmp://live.example.com/app', resolution: '720p' });
      expect(studio.id).not.toBe(backup.id);
      expect(studio.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(studio.createdAt.getTime() - Date.now())).toBeLessThan(60_000);

      expect((await destinations.list(user)).map((d) => d.name)).toEqual(['Backup', 'Studio']);
      expect(await destinations.names(user)).toEqual([{ id: backup.id, name: 'Backup' }, { id: studio.id, name: 'Studio' }]);
      expect(await destinations.names('someone-else')).toEqual([]);
      expect(await destinations.get(user, studio.id)).toEqual(studio);
      expect(await destinations.get(user, randomUUID())).toBeUndefined();

      const changed = destination('Studio A', { stream_url: 'rtmps://other.example.com:443/live', page_url: '', resolution: '1080p' });
      const updated = await destinations.update(user, studio.id, changed);
      expect(updated).toMatchObject({ id: studio.id, userId: user, ...changed });
      expect(updated!.createdAt).toEqual(studio.createdAt);
      expect(updated!.updatedAt.getTime()).toBeGreaterThanOrEqual(studio.updatedAt.getTime());
      expect(await destinations.get(user, studio.id)).toEqual(updated);
      expect(await destinations.update(user, randomUUID(), changed)).toBeUndefined();

      expect(await destinations.remove(user, studio.id)).toBe(true);
      expect(await destinations.remove(user, studio.id)).toBe(false);
      expect(await destinations.get(user, studio.id)).toBeUndefined();
      expect((await destinations.list(user)).map((d) => d.name)).toEqual(['Backup']);
    });

    it('keeps text as typed: Unicode names and long URLs come back unchanged', async () => {
      const user = someUser();
      const input = destination('直播间 🎥 "Main" \'stage\'', { stream_url: `rtmp://live.example.com/${'a'.repeat(900)}`, stream_key: `${someKey()}/ü?&=` });
      const created = await destinations.create(user, input);
      expect(await destinations.get(user, created.id)).toMatchObject(input);
    });

    it('a name is unique per host: DuplicateNameError on create and update; another host may use it', async () => {
      const user = someUser();
      const studio = await destinations.create(user, destination('Studio'));
      const backup = await destinations.create(user, destination('Backup'));
      await expect(destinations.create(user, destination('Studio'))).rejects.toBeInstanceOf(DuplicateNameError);
      await expect(destinations.update(user, backup.id, destination('Studio'))).rejects.toBeInstanceOf(DuplicateNameError);
      // Renaming to its own name is no clash.
      await expect(destinations.update(user, studio.id, destination('Studio'))).resolves.toMatchObject({ name: 'Studio' });
      await expect(destinations.create(someUser(), destination('Studio'))).resolves.toMatchObject({ name: 'Studio' });
      expect((await destinations.list(user)).map((d) => d.name)).toEqual(['Backup', 'Studio']);
    });

    it(`a host keeps at most ${MAX_DESTINATIONS}: DestinationLimitError, and room again after a removal`, async () => {
      const user = someUser();
      const created = [];
      for (let i = 0; i < MAX_DESTINATIONS; i += 1) created.push(await destinations.create(user, destination(`Destination ${String(i).padStart(2, '0')}`)));
      await expect(destinations.create(user, destination('One too many'))).rejects.toBeInstanceOf(DestinationLimitError);
      expect(await destinations.list(user)).toHaveLength(MAX_DESTINATIONS);
      // The limit is per host.
      await expect(destinations.create(someUser(), destination('Elsewhere'))).resolves.toBeDefined();
      await destinations.remove(user, created[0].id);
      await expect(destinations.create(user, destination('One too many'))).resolves.toMatchObject({ name: 'One too many' });
    });

    it(`the limit holds when creations race: ${MAX_DESTINATIONS - 1} kept, 4 at once, one succeeds`, async () => {
      const user = someUser();
      for (let i = 0; i < MAX_DESTINATIONS - 1; i += 1) await destinations.create(user, destination(`Kept ${String(i).padStart(2, '0')}`));
      // Warm connections first (a PostgreSQL pool opens them one by one, which would space the racers out).
      await Promise.all([1, 2, 3, 4].map(() => destinations.list(user)));
      const results = await Promise.allSettled([1, 2, 3, 4].map((i) => destinations.create(user, destination(`Racing ${i}`))));
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results) if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(DestinationLimitError);
      expect(await destinations.list(user)).toHaveLength(MAX_DESTINATIONS);
    });

    it("another host's id finds nothing, changes nothing and removes nothing", async () => {
      const owner = someUser();
      const stranger = someUser();
      const mine = await destinations.create(owner, destination('Mine'));
      expect(await destinations.get(stranger, mine.id)).toBeUndefined();
      expect(await destinations.update(stranger, mine.id, destination('Taken over'))).toBeUndefined();
      expect(await destinations.remove(stranger, mine.id)).toBe(false);
      expect(await destinations.list(stranger)).toEqual([]);
      expect(await destinations.get(owner, mine.id)).toEqual(mine);
    });

    it('stores the stream key sealed: no column holds it in clear, and the seal opens back to it', async () => {
      const user = someUser();
      const input = destination('Sealed');
      const created = await destinations.create(user, input);
      const rows = await database.db.selectFrom('destinations').selectAll().where('user_id', '=', user).execute();
      expect(rows).toHaveLength(1);
      for (const value of Object.values(rows[0])) expect(String(value)).not.toContain(input.stream_key);
      expect(vault.open(rows[0].sealed_stream_key)).toBe(input.stream_key);
      expect(created.stream_key).toBe(input.stream_key);
      expect((await destinations.get(user, created.id))!.stream_key).toBe(input.stream_key);

      const newKey = someKey();
      await destinations.update(user, created.id, { ...input, stream_key: newKey });
      const [after] = await database.db.selectFrom('destinations').selectAll().where('user_id', '=', user).execute();
      for (const value of Object.values(after)) {
        expect(String(value)).not.toContain(newKey);
        expect(String(value)).not.toContain(input.stream_key);
      }
      expect(vault.open(after.sealed_stream_key)).toBe(newKey);
    });

    it("removeAllOf removes every destination of that host and no one else's", async () => {
      const leaving = someUser();
      const staying = someUser();
      for (const name of ['A', 'B', 'C']) await destinations.create(leaving, destination(name));
      const kept = await destinations.create(staying, destination('A'));
      expect(await destinations.removeAllOf(leaving)).toBe(3);
      expect(await destinations.list(leaving)).toEqual([]);
      expect(await destinations.list(staying)).toEqual([kept]);
      expect(await destinations.removeAllOf(leaving)).toBe(0);
    });
  });

  describe('change history', () => {
    it('records an entry and gets it back whole, for its owner only', async () => {
      const user = someUser();
      const at = new Date('2026-03-04T05:06:07.089Z');
      const entry = change(user, '81234567890', { kind: 'webinar', source: 'restore', at });
      const recorded = await history.record(entry);
      expect(recorded).toEqual({ id: expect.any(String), ...entry, at });
      expect(await history.get(user, recorded.id)).toEqual(recorded);
      expect(await history.get(someUser(), recorded.id)).toBeUndefined();
      expect(await history.get(user, randomUUID())).toBeUndefined();
    });

    it('dates an entry now unless told otherwise', async () => {
      const recorded = await history.record(change(someUser(), '85550001111'));
      expect(Math.abs(recorded.at.getTime() - Date.now())).toBeLessThan(60_000);
    });

    it('recent: one event of one host, newest first, up to the limit', async () => {
      const user = someUser();
      const base = Date.parse('2026-05-01T10:00:00.000Z');
      const sources = ['form', 'restore', 'bulk', 'form', 'restore'] as const;
      const recorded = [];
      for (let i = 0; i < 5; i += 1) recorded.push(await history.record(change(user, '85012345678', { source: sources[i], at: new Date(base + i * 1000) })));
      // Not this event: another event, the same number as a webinar, another host.
      await history.record(change(user, '85012345679', { at: new Date(base + 9000) }));
      await history.record(change(user, '85012345678', { kind: 'webinar', at: new Date(base + 9000) }));
      await history.record(change(someUser(), '85012345678', { at: new Date(base + 9000) }));

      const newestFirst = [...recorded].reverse();
      expect(await history.recent(user, 'meeting', '85012345678')).toEqual(newestFirst);
      expect(await history.recent(user, 'meeting', '85012345678', 2)).toEqual(newestFirst.slice(0, 2));
      expect(await history.recent(user, 'meeting', '1')).toEqual([]);
    });

    it('keeps int64 event ids digit for digit (above 2^53, where numbers round)', async () => {
      const user = someUser();
      const ids = ['9007199254740992', '9007199254740993', '9223372036854775807'];
      for (const eventId of ids) await history.record(change(user, eventId));
      for (const eventId of ids) {
        const [entry] = await history.recent(user, 'meeting', eventId);
        expect(entry.eventId).toBe(eventId);
        expect(await history.recent(user, 'meeting', eventId)).toHaveLength(1);
      }
      const rows = await database.db.selectFrom('change_history').select('event_id').where('user_id', '=', user).orderBy('event_id').execute();
      expect(rows.map((row) => row.event_id)).toEqual(ids);
    });

    it('stores both stream keys sealed: no column holds one in clear', async () => {
      const user = someUser();
      const recorded = await history.record(change(user, '87777777777'));
      const [row] = await database.db.selectFrom('change_history').selectAll().where('user_id', '=', user).execute();
      for (const value of Object.values(row)) {
        expect(String(value)).not.toContain(recorded.before.stream_key);
        expect(String(value)).not.toContain(recorded.after.stream_key);
      }
      expect(vault.open(row.sealed_before_key)).toBe(recorded.before.stream_key);
      expect(vault.open(row.sealed_after_key)).toBe(recorded.after.stream_key);
      expect(JSON.parse(row.after_settings)).toEqual({ stream_url: recorded.after.stream_url, page_url: recorded.after.page_url, resolution: recorded.after.resolution });
    });

    it('prune deletes the entries older than the date, of every host, and only those', async () => {
      // Dates far in the past: other tests in this file record around now and must not be touched.
      const cut = new Date('2001-01-01T00:00:00.000Z');
      const [first, second] = [someUser(), someUser()];
      const old1 = await history.record(change(first, '81111111111', { at: new Date(cut.getTime() - 86_400_000) }));
      const old2 = await history.record(change(second, '82222222222', { at: new Date(cut.getTime() - 1) }));
      const atCut = await history.record(change(first, '81111111111', { at: cut }));
      const recent = await history.record(change(first, '81111111111'));

      expect(await history.prune(cut)).toBe(2);
      expect(await history.get(first, old1.id)).toBeUndefined();
      expect(await history.get(second, old2.id)).toBeUndefined();
      expect(await history.get(first, atCut.id)).toEqual(atCut);
      expect(await history.get(first, recent.id)).toEqual(recent);
      expect(await history.prune(cut)).toBe(0);
    });

    it("removeAllOf removes every entry of that host and no one else's", async () => {
      const leaving = someUser();
      const staying = someUser();
      await history.record(change(leaving, '83333333333'));
      await history.record(change(leaving, '83333333334', { kind: 'webinar' }));
      const kept = await history.record(change(staying, '83333333333'));
      expect(await history.removeAllOf(leaving)).toBe(2);
      expect(await history.recent(leaving, 'meeting', '83333333333')).toEqual([]);
      expect(await history.recent(staying, 'meeting', '83333333333')).toEqual([kept]);
      expect(await history.removeAllOf(leaving)).toBe(0);
    });
  });

  it('two instances on one database see the same destinations and history', async () => {
    const other = openDatabase(empty.url);
    try {
      await migrateToLatest(other.db); // the second instance's start-up: nothing left to do
      const otherDestinations = createDestinationsRepository(other, vault);
      const otherHistory = createHistoryRepository(other, vault);
      const user = someUser();

      const made = await destinations.create(user, destination('Shared'));
      expect(await otherDestinations.get(user, made.id)).toEqual(made);
      await expect(otherDestinations.create(user, destination('Shared'))).rejects.toBeInstanceOf(DuplicateNameError);
      const renamed = await otherDestinations.update(user, made.id, destination('Shared, renamed'));
      expect(await destinations.list(user)).toEqual([renamed]);

      const recorded = await otherHistory.record(change(user, '84444444444'));
      expect(await history.recent(user, 'meeting', '84444444444')).toEqual([recorded]);
      expect(await otherDestinations.removeAllOf(user)).toBe(1);
      expect(await destinations.list(user)).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('runs queries concurrently on one instance without mixing them up', async () => {
    const users = Array.from({ length: 8 }, someUser);
    await Promise.all(users.map((user, i) => destinations.create(user, destination(`Parallel ${i}`))));
    const lists = await Promise.all(users.map((user) => destinations.list(user)));
    lists.forEach((list, i) => expect(list.map((d) => d.name)).toEqual([`Parallel ${i}`]));
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from destinations where name like ${'Parallel %'}`.execute(database.db);
    expect(Number(rows[0].n)).toBe(8);
  });
});
