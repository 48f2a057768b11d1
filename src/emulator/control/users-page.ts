/** HTML of the emulator's accounts page: each account's users and roles, with buttons that change a role (plain forms). */
import { escapeHtml, page } from '../html-page';
import type { EmulatedUser, RoleName } from '../types';

export const USERS_PATH = '/emulator/users';
const ROLES: RoleName[] = ['Owner', 'Admin', 'Member'];

export function rolePath(user: EmulatedUser, role: RoleName): string {
  return `${USERS_PATH}/${user.key}/role/${role}`;
}

function roleButtons(user: EmulatedUser): string {
  return ROLES.filter((role) => role !== user.role_name)
    .map((role) => `<form method="post" action="${escapeHtml(rolePath(user, role))}"><button>Make ${role}</button></form>`)
    .join('');
}

function userRow(user: EmulatedUser): string {
  const licence = user.type === 2 ? 'Licensed' : 'Basic';
  return `<tr id="user-${escapeHtml(user.key)}"><td>${escapeHtml(user.display_name)} (${escapeHtml(user.email)})</td><td>${licence}</td>
<td class="role">${escapeHtml(user.role_name)}</td><td class="actions">${roleButtons(user)}</td></tr>`;
}

/** One section per account, users in the consent page's order. */
export function renderUsersPage(accounts: Map<string, EmulatedUser[]>): string {
  const sections = [...accounts].map(([account, users]) => `<h2>Account <code>${escapeHtml(account)}</code></h2>
<table><tr><th>User</th><th>Licence</th><th>Role</th><th></th></tr>
${users.map(userRow).join('\n')}
</table>`).join('\n');
  return page('Accounts and roles — Zoom emulator', `<h1>Accounts and roles</h1>
<p>An owner's or admin's token with admin scopes acts on every user of their account. A role change counts from the
user's next request: their tokens gain or lose that power at once.</p>
${sections}`);
}

export function renderRoleRefused(message: string): string {
  return page('Role not changed — Zoom emulator', `<h1>Role not changed</h1>
<p role="alert">${escapeHtml(message)}</p>
<p><a href="${USERS_PATH}">Back to accounts and roles</a></p>`);
}
