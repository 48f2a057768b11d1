/**
 * Zoom's users: GET /v2/users/me and /v2/users/{userId} (one user, with role_name and role_id), and GET /v2/users
 * (an account's users, for an owner or admin token with user:read:admin or user:read:list_users:admin).
 */
import type { Request, Response } from 'express';
import { mayActFor, reachOf } from './access';
import { userOf } from './bearer';
import type { EmulatorContext } from '../context';
import { zoomErrors } from '../errors';
import { pageSizeOf } from './paging';
import { LIST_USERS_SCOPES, USER_SCOPES } from './scopes';
import { findUser, usersOfAccount } from '../state/accounts';
import { LISTED_ONLY_USERS, type ListedOnlyUser } from '../state/seed-hosts';
import type { EmulatedUser } from '../types';

const STATUSES = ['active', 'inactive', 'pending'];

/** One user in full, as GET /users/me and GET /users/{userId} answer. */
function userJson(user: EmulatedUser) {
  const { key: _key, ...fields } = user;
  return { ...fields, status: 'active', verified: 1, dept: '' };
}

/** GET /v2/users/me */
export function showMe(ctx: EmulatorContext) {
  return function showCurrentUser(_req: Request, res: Response): void {
    res.json(userJson(userOf(ctx, res)));
  };
}

/** GET /v2/users/{userId}: the caller (by `me`, id or email) needs no scope; anyone else takes an admin's token. */
export function showUser(ctx: EmulatorContext) {
  return function showUserById(req: Request, res: Response): void {
    const userId = String(req.params.userId);
    const user = findUser(ctx.seed.hosts, userId, userOf(ctx, res));
    if (!mayActFor(ctx, res, user, USER_SCOPES, () => zoomErrors.userNotFound(res, userId))) return;
    res.json(userJson(user as EmulatedUser));
  };
}

interface ListItem {
  role_id: string;
  status: string;
}

/** The fields a list item carries (Zoom's list has no role_name, only role_id). */
function listItemOf(user: EmulatedUser) {
  const { id, first_name, last_name, display_name, email, type, pmi, timezone, language, created_at, role_id } = user;
  return {
    id, first_name, last_name, display_name, email, type, pmi, timezone, verified: 1, dept: '', created_at,
    user_created_at: created_at, language, status: 'active', role_id,
  };
}

function listedOnlyItem({ status, user }: ListedOnlyUser, createdAt: string) {
  return { ...user, verified: 1, dept: '', created_at: createdAt, user_created_at: createdAt, status };
}

function accountUsers(ctx: EmulatorContext, accountId: string): ListItem[] {
  const active = usersOfAccount(ctx.seed.hosts, accountId);
  const createdAt = active[0]?.created_at ?? '';
  const others = LISTED_ONLY_USERS.filter((listed) => listed.account_id === accountId).map((listed) => listedOnlyItem(listed, createdAt));
  return [...active.map(listItemOf), ...others];
}

/** page_number (Zoom's older paging) counts from 1; without it or a token, the first page. */
function pageNumberOf(raw: unknown): number {
  const number = typeof raw === 'string' ? Number.parseInt(raw, 10) : NaN;
  return Number.isFinite(number) && number >= 1 ? number : 1;
}

/** GET /v2/users?status=active&role_id=&page_size=&next_page_token=&page_number= */
export function listUsers(ctx: EmulatorContext) {
  return function listAccountUsers(req: Request, res: Response): void {
    if (reachOf(ctx, res, LIST_USERS_SCOPES) !== 'account') return zoomErrors.noPermission(res);
    const { status = 'active', role_id: roleId } = req.query;
    if (typeof status !== 'string' || !STATUSES.includes(status)) return zoomErrors.invalidParameter(res, 'status');
    const account = userOf(ctx, res).account_id;
    const matching = accountUsers(ctx, account)
      .filter((user) => user.status === status && (typeof roleId !== 'string' || roleId === '' || user.role_id === roleId));
    const pageSize = pageSizeOf(req.query.page_size);
    // A page token stands for one list: one account's users of one status and role.
    const list = `users:${account}:${status}:${typeof roleId === 'string' ? roleId : ''}`;
    const token = req.query.next_page_token;
    const offset = typeof token === 'string' && token !== ''
      ? ctx.pageTokens.offsetOf(token, list)
      : (pageNumberOf(req.query.page_number) - 1) * pageSize;
    if (offset === undefined) return zoomErrors.invalidPageToken(res);
    const nextToken = offset + pageSize < matching.length ? ctx.pageTokens.issue(offset + pageSize, list) : '';
    res.json({
      page_count: Math.ceil(matching.length / pageSize), page_number: Math.floor(offset / pageSize) + 1, page_size: pageSize,
      total_records: matching.length, next_page_token: nextToken, users: matching.slice(offset, offset + pageSize),
    });
  };
}
