/**
 * The scopes each call accepts, per kind: any one of them will do, else 4711. Classic :write scopes include reading
 * ("view and manage"); granular scopes name one action each. Every call has user-level scopes (the token's own user)
 * and their `:admin` twins (any user of the token's account, for an owner or admin): zoom-openapi-subset.json lists both.
 */
import type { EventKind } from '../types';

export interface ScopeSet {
  user: string[];
  admin: string[];
}

/** The `:admin` twin of each scope: classic `meeting:write` → `meeting:write:admin`, granular likewise. */
function withAdmin(user: string[]): ScopeSet {
  return { user, admin: user.map((scope) => `${scope}:admin`) };
}

export interface EventScopes {
  list: ScopeSet;
  read: ScopeSet;
  readLivestream: ScopeSet;
  updateLivestream: ScopeSet;
  updateStatus: ScopeSet;
}

export const EVENT_SCOPES: Record<EventKind, EventScopes> = {
  meeting: {
    list: withAdmin(['meeting:read', 'meeting:write', 'meeting:read:list_meetings']),
    read: withAdmin(['meeting:read', 'meeting:write', 'meeting:read:meeting']),
    readLivestream: withAdmin(['meeting:read', 'meeting:write', 'meeting:read:livestream']),
    updateLivestream: withAdmin(['meeting:write', 'meeting:update:livestream']),
    updateStatus: withAdmin(['meeting:write', 'meeting:update:livestream_status']),
  },
  webinar: {
    list: withAdmin(['webinar:read', 'webinar:write', 'webinar:read:list_webinars']),
    read: withAdmin(['webinar:read', 'webinar:write', 'webinar:read:webinar']),
    readLivestream: withAdmin(['webinar:read', 'webinar:write', 'webinar:read:livestream']),
    updateLivestream: withAdmin(['webinar:write', 'webinar:update:livestream']),
    updateStatus: withAdmin(['webinar:write', 'webinar:update:livestream_status']),
  },
};

export const SETTINGS_SCOPES = withAdmin(['user:read', 'user:write', 'user:read:settings']);

/** GET /users/{userId}: anyone may read themselves; another user takes an admin scope. */
export const USER_SCOPES = withAdmin(['user:read', 'user:write', 'user:read:user']);

/** GET /users lists an account: admin scopes only. */
export const LIST_USERS_SCOPES: ScopeSet = { user: [], admin: ['user:read:admin', 'user:write:admin', 'user:read:list_users:admin'] };
