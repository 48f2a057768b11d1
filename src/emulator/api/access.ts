/**
 * How far a token reaches. A token acts for its own user; with an `:admin` scope for the call, and while its user is
 * an Owner or Admin, it also acts on every user of that user's account. The role is read on every request, so a
 * demotion (setRole) takes effect at once; the scopes stay as granted.
 */
import type { Response } from 'express';
import { grantOf, userOf } from './bearer';
import type { EmulatorContext } from '../context';
import { zoomErrors } from '../errors';
import { isAccountAdmin } from '../state/accounts';
import type { EmulatedUser } from '../types';
import type { ScopeSet } from './scopes';

/** 'self': no admin scope for this call; 'account': an admin acting on their account; 'revoked': admin scope, no admin role. */
export type Reach = 'self' | 'account' | 'revoked';

export function grantedScopes(res: Response): string[] {
  return grantOf(res).scope.split(/\s+/).filter(Boolean);
}

export function reachOf(ctx: EmulatorContext, res: Response, scopes: ScopeSet): Reach {
  const granted = grantedScopes(res);
  if (!scopes.admin.some((scope) => granted.includes(scope))) return 'self';
  return isAccountAdmin(userOf(ctx, res)) ? 'account' : 'revoked';
}

/**
 * Whether the caller may act on `owner`'s things (an event's host, a user in the path). When not, answers for the
 * caller: someone else's things look like none (`notFound`), unless the token has the admin scope but its user lost the
 * admin role: then "No permission.", so an app can tell a demotion from a deletion.
 */
export function mayActFor(
  ctx: EmulatorContext, res: Response, owner: EmulatedUser | undefined, scopes: ScopeSet, notFound: () => void,
): boolean {
  const caller = userOf(ctx, res);
  if (owner && owner.id === caller.id) return true;
  const reach = reachOf(ctx, res, scopes);
  if (reach === 'self' || !owner || owner.account_id !== caller.account_id) {
    notFound();
    return false;
  }
  if (reach === 'revoked') {
    zoomErrors.noPermission(res);
    return false;
  }
  return true;
}
