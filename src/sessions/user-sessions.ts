import type { SessionData, Store } from 'express-session';

/**
 * Ends every session of one Zoom user (the deauthorization webhook). Stores with a user index
 * answer directly; otherwise the store's sessions are scanned (fine for the memory store).
 */
interface IndexedStore {
  destroyUserSessions(zoomUserId: string): Promise<number>;
}

function hasIndex(store: Store): store is Store & IndexedStore {
  return typeof (store as Partial<IndexedStore>).destroyUserSessions === 'function';
}

function allSessions(store: Store): Promise<Record<string, SessionData>> {
  return new Promise((resolve, reject) => {
    if (!store.all) return reject(new Error('this session store cannot list sessions'));
    store.all((error, sessions) => (error ? reject(error) : resolve((sessions ?? {}) as Record<string, SessionData>)));
  });
}

function destroy(store: Store, sid: string): Promise<void> {
  return new Promise((resolve, reject) => store.destroy(sid, (error) => (error ? reject(error) : resolve())));
}

export async function endUserSessions(store: Store, zoomUserId: string): Promise<number> {
  if (hasIndex(store)) return store.destroyUserSessions(zoomUserId);
  const sessions = await allSessions(store);
  const ids = Object.keys(sessions).filter((sid) => sessions[sid]?.zoom?.userId === zoomUserId);
  await Promise.all(ids.map((sid) => destroy(store, sid)));
  return ids.length;
}
