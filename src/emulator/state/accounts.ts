/** Who is who in the seeded accounts: finding a user, an account's users, and roles (the only part that changes). */
import type { EmulatedUser, HostKey, RoleName } from '../types';
import { HOST_KEYS, ROLE_IDS } from './seed-hosts';

type Users = Record<HostKey, EmulatedUser>;

/** Zoom's account-wide powers belong to these two built-in roles. */
export function isAccountAdmin(user: EmulatedUser): boolean {
  return user.role_name === 'Owner' || user.role_name === 'Admin';
}

export function isRoleName(value: unknown): value is RoleName {
  return typeof value === 'string' && Object.hasOwn(ROLE_IDS, value);
}

/** Zoom's `{userId}` path parameter: the user's id or email address (any case); `me` is the caller. */
export function findUser(users: Users, userId: string, me: EmulatedUser): EmulatedUser | undefined {
  if (userId === 'me') return me;
  const email = userId.toLowerCase();
  return Object.values(users).find((candidate) => candidate.id === userId || candidate.email === email);
}

export function userWithId(users: Users, id: string): EmulatedUser | undefined {
  return Object.values(users).find((candidate) => candidate.id === id);
}

/** The account's users in the seed's (the consent page's) order. */
export function usersOfAccount(users: Users, accountId: string): EmulatedUser[] {
  return HOST_KEYS.map((key) => users[key]).filter((candidate) => candidate.account_id === accountId);
}

function setRoleOf(user: EmulatedUser, role: RoleName): void {
  user.role_name = role;
  user.role_id = ROLE_IDS[role];
}

/**
 * An account has one owner: a new owner makes the previous one an Admin, and the owner cannot step down to anything
 * else directly (make someone else the owner first). Throws at once for a user or role the emulator does not know.
 */
export function assignRole(users: Users, key: HostKey, role: RoleName): void {
  const user = users[key] as EmulatedUser | undefined;
  if (!user) throw new Error(`No user ${String(key)} in the emulator`);
  if (!isRoleName(role)) throw new Error(`No role ${String(role)}: use Owner, Admin or Member`);
  if (user.role_name === role) return;
  if (user.role_name === 'Owner') throw new Error(`${user.email} owns the account: make another user the owner first`);
  if (role === 'Owner') {
    for (const other of usersOfAccount(users, user.account_id)) if (other.role_name === 'Owner') setRoleOf(other, 'Admin');
  }
  setRoleOf(user, role);
}
