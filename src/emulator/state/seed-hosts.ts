/**
 * The seeded users and what each one's account allows: the consent page offers them in this order. The first three
 * (Pro, Basic, Licensed) are the original hosts; their ids, accounts and behaviour are fixed, tests depend on them.
 */
import type { EmulatedUser, HostCapabilities, HostKey, RoleName } from '../types';

/**
 * Rate limits count per account. The Pro host's account is hers alone (a one-person Pro account: she is its owner).
 * Basic and Licensed share the organisation's account, with its owner, its admin and a second Pro host.
 * A third account (its own admin and one host) is what an admin must never reach.
 */
export const PRO_ACCOUNT = 'eMuLaToRaCcOuNt00000001';
export const SHARED_ACCOUNT = 'eMuLaToRaCcOuNt00000002';
export const OTHER_ACCOUNT = 'eMuLaToRaCcOuNt00000003';

export const HOST_KEYS: readonly HostKey[] = ['pro', 'basic', 'licensed', 'pro2', 'owner', 'admin', 'otherAdmin', 'otherHost'];

export const ROLE_IDS: Record<RoleName, EmulatedUser['role_id']> = { Owner: '0', Admin: '1', Member: '2' };

export function isHostKey(value: unknown): value is HostKey {
  return typeof value === 'string' && (HOST_KEYS as readonly string[]).includes(value);
}

type Person = Pick<EmulatedUser, 'id' | 'email' | 'first_name' | 'last_name' | 'type' | 'timezone' | 'pmi'>;

function user(key: HostKey, account_id: string, role: RoleName, person: Person, createdAt: string): EmulatedUser {
  return {
    key, account_id, ...person, display_name: `${person.first_name} ${person.last_name}`, language: 'en-US', created_at: createdAt,
    role_name: role, role_id: ROLE_IDS[role],
  };
}

export function seedHosts(createdAt: string): Record<HostKey, EmulatedUser> {
  const at = createdAt;
  return {
    pro: user('pro', PRO_ACCOUNT, 'Owner', {
      id: 'pRoHoSt0000000000000001', email: 'pro.host@example.com', first_name: 'Priya', last_name: 'Pro', type: 2,
      timezone: 'Europe/London', pmi: 5550001001,
    }, at),
    basic: user('basic', SHARED_ACCOUNT, 'Member', {
      id: 'bAsIcHoSt00000000000002', email: 'basic.host@example.com', first_name: 'Basil', last_name: 'Basic', type: 1,
      timezone: 'America/New_York', pmi: 5550002002,
    }, at),
    licensed: user('licensed', SHARED_ACCOUNT, 'Member', {
      id: 'lIcEnSeDhOsT00000000003', email: 'licensed.host@example.com', first_name: 'Lena', last_name: 'Licensed', type: 2,
      timezone: 'Asia/Singapore', pmi: 5550003003,
    }, at),
    pro2: user('pro2', SHARED_ACCOUNT, 'Member', {
      id: 'pRoHoStTwO0000000000004', email: 'pro2.host@example.com', first_name: 'Pablo', last_name: 'Pro', type: 2,
      timezone: 'Europe/Madrid', pmi: 5550004004,
    }, at),
    owner: user('owner', SHARED_ACCOUNT, 'Owner', {
      id: 'oWnEr000000000000000005', email: 'owner@example.com', first_name: 'Olive', last_name: 'Owner', type: 2,
      timezone: 'America/Chicago', pmi: 5550005005,
    }, at),
    // The admin holds a Basic licence on purpose: what an admin may do to a host's meeting depends on the host's licence.
    admin: user('admin', SHARED_ACCOUNT, 'Admin', {
      id: 'aDmIn000000000000000006', email: 'admin@example.com', first_name: 'Ada', last_name: 'Admin', type: 1,
      timezone: 'Europe/Berlin', pmi: 5550006006,
    }, at),
    otherAdmin: user('otherAdmin', OTHER_ACCOUNT, 'Admin', {
      id: 'oThErAdMiN0000000000007', email: 'admin@other.example.com', first_name: 'Oscar', last_name: 'Other', type: 2,
      timezone: 'Australia/Sydney', pmi: 5550007007,
    }, at),
    otherHost: user('otherHost', OTHER_ACCOUNT, 'Member', {
      id: 'oThErHoSt00000000000008', email: 'host@other.example.com', first_name: 'Hana', last_name: 'Host', type: 2,
      timezone: 'Asia/Tokyo', pmi: 5550008008,
    }, at),
  };
}

const EVERYTHING: HostCapabilities = { allowLiveStreaming: true, customLiveStreamingService: true, webinarPlan: true, webinarLiveStreaming: true };
const NOTHING: HostCapabilities = { allowLiveStreaming: false, customLiveStreamingService: false, webinarPlan: false, webinarLiveStreaming: false };

/**
 * Pro and the second Pro host: everything on, webinar add-on included. Basic (and the Basic-licensed admin): no live
 * streaming at all (and 3161 before that). Licensed: live streaming allowed but the custom service switched off by the
 * account admin, and no webinar plan. The owner and the other account's users: licensed with streaming on.
 */
export function seedCapabilities(): Record<HostKey, HostCapabilities> {
  return {
    pro: { ...EVERYTHING },
    basic: { ...NOTHING },
    licensed: { allowLiveStreaming: true, customLiveStreamingService: false, webinarPlan: false, webinarLiveStreaming: false },
    pro2: { ...EVERYTHING },
    owner: { ...EVERYTHING },
    admin: { ...NOTHING },
    otherAdmin: { ...EVERYTHING, webinarPlan: false, webinarLiveStreaming: false },
    otherHost: { ...EVERYTHING },
  };
}

/** A user who can no longer sign in, as Zoom lists them: only in GET /users?status=inactive of the shared account. */
export interface ListedOnlyUser {
  account_id: string;
  status: 'inactive' | 'pending';
  user: Pick<EmulatedUser, 'id' | 'email' | 'first_name' | 'last_name' | 'display_name' | 'type' | 'timezone' | 'pmi' | 'language' | 'role_id'>;
}

export const LISTED_ONLY_USERS: readonly ListedOnlyUser[] = [{
  account_id: SHARED_ACCOUNT, status: 'inactive',
  user: {
    id: 'iNaCtIvE000000000000009', email: 'former.host@example.com', first_name: 'Fern', last_name: 'Former', display_name: 'Fern Former',
    type: 1, timezone: 'Europe/Paris', pmi: 5550009009, language: 'en-US', role_id: ROLE_IDS.Member,
  },
}];
