/**
 * /emulator/users: what an account owner does in Zoom's admin portal (User Management → Roles), as a page for the
 * sandbox and browser tests. The role travels in the path: control routes come before the emulator reads bodies.
 */
import { Router, type Request, type Response } from 'express';
import type { EmulatorContext } from '../context';
import { sendHtml } from '../html-page';
import { assignRole, isRoleName } from '../state/accounts';
import { HOST_KEYS, isHostKey } from '../state/seed-hosts';
import type { EmulatedUser } from '../types';
import { refuseOtherOrigins } from './origin';
import { USERS_PATH, renderRoleRefused, renderUsersPage } from './users-page';

function accountsOf(ctx: EmulatorContext): Map<string, EmulatedUser[]> {
  const accounts = new Map<string, EmulatedUser[]>();
  for (const key of HOST_KEYS) {
    const user = ctx.seed.hosts[key];
    accounts.set(user.account_id, [...(accounts.get(user.account_id) ?? []), user]);
  }
  return accounts;
}

/** GET /emulator/users — every account with its users and their roles. */
function showUsers(ctx: EmulatorContext) {
  return function showUsersPage(_req: Request, res: Response): void {
    sendHtml(res, 200, renderUsersPage(accountsOf(ctx)));
  };
}

/** POST /emulator/users/:key/role/:role — changes the role (as setRole does), 303 back; a refused change explains itself. */
function changeRole(ctx: EmulatorContext) {
  return function changeUserRole(req: Request, res: Response): void {
    const { key, role } = req.params;
    if (!isHostKey(key) || !isRoleName(role)) return sendHtml(res, 404, renderRoleRefused('The emulator has no such user or role.'));
    try {
      assignRole(ctx.seed.hosts, key, role);
    } catch (err) {
      return sendHtml(res, 400, renderRoleRefused((err as Error).message));
    }
    ctx.changed();
    res.redirect(303, USERS_PATH);
  };
}

export function userRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.get(USERS_PATH, showUsers(ctx));
  router.post(`${USERS_PATH}/:key/role/:role`, refuseOtherOrigins, changeRole(ctx));
  return router;
}
