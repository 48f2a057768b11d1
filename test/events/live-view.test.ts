import type { LiveEvidence } from '../../src/events/live-store';
import { liveViewOf } from '../../src/events/live-view';
import { decimalIdOf, noticeOf, type EventNotice } from '../../src/events/zoom-events';

const evidence = (state: LiveEvidence['state'], at: number, liveSince?: number): LiveEvidence => ({ kind: 'meeting', eventId: '1', hostId: 'h', state, at, liveSince });

describe('what a page says of a meeting (events/live-view.ts)', () => {
  it.each([
    ['no evidence, Zoom did not say', undefined, undefined, { status: 'unknown' }],
    ['no evidence, Zoom says started', undefined, { status: 'started', at: 10 }, { status: 'inProgress' }],
    ['no evidence, Zoom says waiting', undefined, { status: 'waiting', at: 10 }, { status: 'notStarted' }],
    ['live, Zoom did not say', evidence('live', 5, 4), undefined, { status: 'live', since: 4 }],
    ['live, Zoom\'s older reading says waiting', evidence('live', 20, 19), { status: 'waiting', at: 10 }, { status: 'live', since: 19 }],
    ['live, Zoom\'s newer reading says started', evidence('live', 5, 4), { status: 'started', at: 10 }, { status: 'live', since: 4 }],
    ['live, Zoom\'s newer reading says waiting (meeting.ended missed)', evidence('live', 5, 4), { status: 'waiting', at: 10 }, { status: 'notStarted' }],
    ['ended, Zoom\'s older reading says started', evidence('ended', 20), { status: 'started', at: 10 }, { status: 'notStarted' }],
    ['ended, Zoom\'s newer reading says started (started again)', evidence('ended', 5), { status: 'started', at: 10 }, { status: 'inProgress' }],
    ['in progress, Zoom says nothing useful', evidence('started', 5), { status: '', at: 10 }, { status: 'inProgress' }],
  ] as const)('%s', (_case, kept, zoom, expected) => {
    expect(liveViewOf(kept, zoom)).toEqual(expected);
  });
});

describe('Zoom events as the app reads them (events/zoom-events.ts)', () => {
  it('keeps IDs as decimal strings and refuses anything else', () => {
    expect(decimalIdOf(85746065001)).toBe('85746065001');
    expect(decimalIdOf('90071992547409931')).toBe('90071992547409931');
    for (const bad of [0, -1, 1.5, '', '0123', '1e5', 'abc', null, undefined, 2 ** 60, '123456789012345678901', '9223372036854775808', '../../users/me', '1/livestream']) expect(decimalIdOf(bad)).toBeUndefined();
  });

  it('reads live_streaming.date_time as the start of live, else the event time, and ignores events it does not subscribe to', () => {
    const object = { id: 1, host_id: 'h', live_streaming: { date_time: '2026-11-24T10:00:00Z' } };
    expect((noticeOf({ event: 'meeting.live_streaming_started', event_ts: 5, payload: { object } }, Date.parse('2026-11-24T10:01:00Z')) as EventNotice).live).toEqual({ state: 'live', since: Date.parse('2026-11-24T10:00:00Z') });
    expect(noticeOf({ event: 'meeting.live_streaming_started', payload: { object: { id: 1, host_id: 'h' } } }, 9)).toMatchObject({ at: 9, live: { state: 'live', since: 9 } });
    expect(noticeOf({ event: 'meeting.updated', event_ts: 5, payload: { object } }, 9)).toEqual({ name: 'meeting.updated', kind: 'meeting', eventId: '1', hostId: 'h', accountId: '', at: 5 });
    expect(noticeOf({ event: 'meeting.updated', event_ts: 5, payload: { account_id: 'acct', object: { id: 1 } } }, 9)).toMatchObject({ hostId: '', accountId: 'acct' });
    expect(noticeOf({ event: 'recording.completed', payload: { object } }, 9)).toBeUndefined();
    expect(noticeOf({ event: 'toString', payload: { object } }, 9)).toBeUndefined();
    expect(noticeOf({ event: 'meeting.started', payload: { object: { id: 'x' } } }, 9)).toBeUndefined();
  });

  it.each([
    ['a fractional event_ts', 1_764_000_000_000.5],
    ['an event_ts beyond int64', 1e30],
    ['an event_ts a day ahead of the signed request time', 1_764_000_000_000 + 86_400_000],
    ['a negative event_ts', -5],
    ['an event_ts that is not a time', 'yesterday'],
  ])('refuses %s as invalid, never guessing the time that orders the evidence', (_case, eventTs) => {
    const body = { event: 'meeting.started', event_ts: eventTs, payload: { object: { id: 1, host_id: 'h' } } };
    expect(noticeOf(body, 1_764_000_000_000)).toEqual({ invalid: 'event_ts', name: 'meeting.started' });
  });

  it('takes a live_streaming.date_time it cannot keep as the event time: it is only shown', () => {
    const object = { id: 1, host_id: 'h', live_streaming: { date_time: 1_764_000_000_000.5 } };
    expect(noticeOf({ event: 'meeting.live_streaming_started', event_ts: 7, payload: { object } }, 9)).toMatchObject({ at: 7, live: { state: 'live', since: 7 } });
  });
});
