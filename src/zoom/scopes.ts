/**
 * What the app needs Zoom to grant, each as the classic scope or its granular equivalents:
 * updating a live stream (PATCH /meetings/{id}/livestream) and starting or stopping it
 * (PATCH /meetings/{id}/livestream/status). Reading is a nicety the pages survive without.
 */
const NEEDED = [
  { name: 'meeting:update:livestream', any: ['meeting:write', 'meeting:write:admin', 'meeting:update:livestream', 'meeting:update:livestream:admin'] },
  { name: 'meeting:update:livestream_status', any: ['meeting:write', 'meeting:write:admin', 'meeting:update:livestream_status', 'meeting:update:livestream_status:admin'] },
];

/** The needed granular scopes Zoom did not grant (meeting:write covers both); empty when everything is there. */
export function missingScopes(granted: string): string[] {
  const scopes = granted.split(/\s+/);
  return NEEDED.filter((need) => !need.any.some((scope) => scopes.includes(scope))).map((need) => need.name);
}

/** Listing webinars needs webinar:read (granular webinar:read:list_webinars); a grant without it still works for meetings. */
const WEBINAR_READ = ['webinar:read', 'webinar:read:admin', 'webinar:write', 'webinar:write:admin', 'webinar:read:list_webinars', 'webinar:read:list_webinars:admin'];

export function hasWebinarScope(granted: string): boolean {
  const scopes = granted.split(/\s+/);
  return WEBINAR_READ.some((scope) => scopes.includes(scope));
}
