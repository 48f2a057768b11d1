import type { Request, Response } from 'express';
import type { GrantKeeper } from '../../credentials/grant-keeper';
import type { TokenVault } from '../../credentials/vault';
import { deleteUserData, type UserDataStores } from '../../events/deauthorize';
import { sessionGrant } from '../plans/session-grant';

export interface DeleteAllDeps {
  /** Everything "Delete my saved data" deletes, through the one deletion app_deauthorized uses too. */
  userData: UserDataStores;
  grants: Pick<GrantKeeper, 'takeBack' | 'revoke'>;
  vault: TokenVault;
}

/** "Delete my saved data" (linked from /destinations): the host's own app_deauthorized, their login kept. */
export function deleteAllHandlers({ userData, grants, vault }: DeleteAllDeps) {
  const userOf = (req: Request) => req.session.zoom?.userId ?? '';

  /** @route GET /destinations/delete-all — "Delete my saved data": asks first. */
  function confirmDeleteAll(_req: Request, res: Response): void {
    res.render('destinations-delete-all');
  }

  /**
   * @route POST /destinations/delete-all — everything the app keeps of this host (bulk jobs, destinations,
   * history, live state, plans, YouTube, pre-flight results, cached readings), by the same function as
   * app_deauthorized, so the two never differ. The browser session stays: it is the host's current login, and
   * they are still using the app. A session whose token lives in the plans' grant takes it back first (the grant
   * is deleted with the plans).
   */
  async function removeAll(req: Request, res: Response): Promise<void> {
    // The plans' grant: back into this session when it uses it, else revoked at Zoom (no copy is left behind).
    if (req.session.zoom?.inGrant) await sessionGrant(vault).takeBack(req, await grants.takeBack(userOf(req)));
    else await grants.revoke(userOf(req));
    const removed = await deleteUserData(userOf(req), userData);
    req.log.info(removed, 'saved data deleted at the host\'s request');
    req.session.notice = 'notices.dataDeleted';
    res.redirect(303, '/destinations');
  }

  return { confirmDeleteAll, removeAll };
}
