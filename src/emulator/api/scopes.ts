/**
 * The scopes each call accepts, per kind: any one of them will do, else 4711 naming them all.
 * Classic :write scopes include reading ("view and manage"); granular scopes name one action each.
 */
import type { EventKind } from '../types';

export interface EventScopes {
  list: string[];
  read: string[];
  readLivestream: string[];
  updateLivestream: string[];
  updateStatus: string[];
}

export const EVENT_SCOPES: Record<EventKind, EventScopes> = {
  meeting: {
    list: ['meeting:read', 'meeting:write', 'meeting:read:list_meetings'],
    read: ['meeting:read', 'meeting:write', 'meeting:read:meeting'],
    readLivestream: ['meeting:read', 'meeting:write', 'meeting:read:livestream'],
    updateLivestream: ['meeting:write', 'meeting:update:livestream'],
    updateStatus: ['meeting:write', 'meeting:update:livestream_status'],
  },
  webinar: {
    list: ['webinar:read', 'webinar:write', 'webinar:read:list_webinars'],
    read: ['webinar:read', 'webinar:write', 'webinar:read:webinar'],
    readLivestream: ['webinar:read', 'webinar:write', 'webinar:read:livestream'],
    updateLivestream: ['webinar:write', 'webinar:update:livestream'],
    updateStatus: ['webinar:write', 'webinar:update:livestream_status'],
  },
};

export const SETTINGS_SCOPES = ['user:read', 'user:write', 'user:read:settings'];
