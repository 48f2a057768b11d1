import { YouTubeRefusedError, type YouTubeDestinationSettings } from '../../src/youtube/broadcasts';
import { daysAhead, startConnected, type Connected } from './connect';

/**
 * YouTube's refusals reach the caller as YouTubeRefusedError with YouTube's reason (quotaExceeded told apart, so a
 * job can pause until the quota day turns); a refusal part-way leaves nothing half-recorded and the next run
 * finishes the work without a duplicate. The stream key is never kept or logged in clear.
 */
let c: Connected;
beforeEach(async () => { c = await startConnected(); });
afterEach(() => c.h.close());

const destination: YouTubeDestinationSettings = { key: 'dest-1', privacy: 'public', autoStart: true, autoStop: true };
const event = { kind: 'webinar' as const, id: '94857362514', topic: 'Launch', startTime: daysAhead(5) };

/** Leaves `units` of today's quota. */
const leave = (units: number) => c.h.youtube!.setQuota(c.h.youtube!.quotaUsed() + units);

async function refusal(work: Promise<unknown>): Promise<YouTubeRefusedError> {
  const error = await work.then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(YouTubeRefusedError);
  return error as YouTubeRefusedError;
}

describe('quota and refusals', () => {
  it('quota spent before anything is made: quotaExceeded, and nothing recorded or made', async () => {
    leave(10);

    const error = await refusal(c.broadcasts.ensureFor(c.userId, destination, event));

    expect(error).toMatchObject({ reason: 'quotaExceeded', status: 403, quotaExceeded: true });
    expect(await c.rows()).toEqual({ streams: [], broadcasts: [] });
    expect(c.h.youtube!.streams()).toHaveLength(0);
  });

  it('quota running out between the calls: each step is kept, and runs after the reset finish it with one stream and one broadcast', async () => {
    leave(55); // the stream (50), then the broadcast is refused
    expect((await refusal(c.broadcasts.ensureFor(c.userId, destination, event))).quotaExceeded).toBe(true);
    expect((await c.rows()).broadcasts).toHaveLength(0);

    leave(55); // the broadcast (50), then the bind is refused: recorded unbound, never made twice
    expect((await refusal(c.broadcasts.ensureFor(c.userId, destination, event))).quotaExceeded).toBe(true);
    expect((await c.rows()).broadcasts[0]).toMatchObject({ stream_id: '' });

    c.h.youtube!.setQuota(10_000);
    const applied = await c.broadcasts.ensureFor(c.userId, destination, event);

    const [stream] = c.h.youtube!.streams();
    expect(c.h.youtube!.streams()).toHaveLength(1);
    expect(c.h.youtube!.broadcasts()).toEqual([expect.objectContaining({ id: applied.broadcastId, boundStreamId: stream.id })]);
    expect((await c.rows()).broadcasts[0]).toMatchObject({ broadcast_id: applied.broadcastId, stream_id: stream.id });
  });

  it('YouTube\'s other reasons come through as they are, and are not quotaExceeded', async () => {
    const error = await refusal(c.broadcasts.ensureFor(c.userId, destination, { ...event, startTime: '2001-01-01T00:00:00Z' }));

    expect(error).toMatchObject({ reason: 'invalidScheduledStartTime', status: 400, quotaExceeded: false });
    expect((await c.rows()).broadcasts).toHaveLength(0);
  });

  it('the stream key is in no row and no log line in clear', async () => {
    const applied = await c.broadcasts.ensureFor(c.userId, destination, event);
    await c.broadcasts.moveFor(c.userId, { ...event, topic: 'Launch day' });

    expect(applied.streamKey).toBe(c.h.youtube!.streams()[0].streamName);
    const rows = await c.rows();
    expect(rows.streams).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(applied.streamKey);
    expect(c.h.logs.join('\n')).not.toContain(applied.streamKey);
  });
});
