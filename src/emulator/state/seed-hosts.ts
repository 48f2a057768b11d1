/** The three seeded hosts and what each account allows: the consent page offers them in this order. */
import type { EmulatedUser, HostCapabilities, HostKey } from '../types';

/** The Pro host has an account of its own (rate limits count per account); Basic and Licensed share another. */
const PRO_ACCOUNT = 'eMuLaToRaCcOuNt00000001';
const SHARED_ACCOUNT = 'eMuLaToRaCcOuNt00000002';

export const HOST_KEYS: readonly HostKey[] = ['pro', 'basic', 'licensed'];

export function isHostKey(value: unknown): value is HostKey {
  return typeof value === 'string' && (HOST_KEYS as readonly string[]).includes(value);
}

export function seedHosts(createdAt: string): Record<HostKey, EmulatedUser> {
  const common = { account_id: SHARED_ACCOUNT, language: 'en-US', created_at: createdAt };
  return {
    pro: {
      ...common, account_id: PRO_ACCOUNT, key: 'pro', id: 'pRoHoSt0000000000000001', email: 'pro.host@example.com',
      first_name: 'Priya', last_name: 'Pro', display_name: 'Priya Pro', type: 2,
      timezone: 'Europe/London', pmi: 5550001001,
    },
    basic: {
      ...common, key: 'basic', id: 'bAsIcHoSt00000000000002', email: 'basic.host@example.com',
      first_name: 'Basil', last_name: 'Basic', display_name: 'Basil Basic', type: 1,
      timezone: 'America/New_York', pmi: 5550002002,
    },
    licensed: {
      ...common, key: 'licensed', id: 'lIcEnSeDhOsT00000000003', email: 'licensed.host@example.com',
      first_name: 'Lena', last_name: 'Licensed', display_name: 'Lena Licensed', type: 2,
      timezone: 'Asia/Singapore', pmi: 5550003003,
    },
  };
}

/**
 * Pro: everything on, webinar add-on included. Basic: no live streaming at all (and 3161 before that).
 * Licensed: live streaming allowed but the custom service switched off by the account admin, and no webinar plan.
 */
export function seedCapabilities(): Record<HostKey, HostCapabilities> {
  return {
    pro: { allowLiveStreaming: true, customLiveStreamingService: true, webinarPlan: true, webinarLiveStreaming: true },
    basic: { allowLiveStreaming: false, customLiveStreamingService: false, webinarPlan: false, webinarLiveStreaming: false },
    licensed: { allowLiveStreaming: true, customLiveStreamingService: false, webinarPlan: false, webinarLiveStreaming: false },
  };
}
