import session, { type Store } from 'express-session';

/** The session store, chosen by config. Built in server.ts (or a test) and handed to createApp. */
export type SessionStoreKind = 'memory';

export function createSessionStore(kind: SessionStoreKind): Store {
  switch (kind) {
    case 'memory':
      return new session.MemoryStore();
  }
}
