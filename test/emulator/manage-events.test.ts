import { useReceivers } from './webhook-receiver';

/** A host scheduling, rescheduling and cancelling in Zoom: the lists and details follow, and each change sends its event. */
const SECRET = 'manage-test-secret-token';
const NOW = Date.UTC(2026, 4, 2, 9, 30, 15, 250);
const PRO_ACCOUNT = 'eMuLaToRaCcOuNt00000001';
const RECURRING = '85746065002'; // seeded weekly series, 4 occurrences
const WEEK_MS = 7 * 86_400_000;

const { withReceiver } = useReceivers(SECRET, () => NOW);

describe('a host creating, updating and deleting meetings', () => {
  it('createEvent lists and shows the new meeting and sends a signed meeting.created, the id a number', async () => {
    const { zoom, emulator, get } = await withReceiver();

    const created = await emulator.createEvent('meeting', 'pro', { topic: 'Town hall', start_time: '2026-05-10T15:00:00.000Z', duration: 45 });

    expect(created).toMatchObject({ topic: 'Town hall', start_time: '2026-05-10T15:00:00Z', duration: 45, type: 2 });
    const list = await get('/v2/users/me/meetings?page_size=300');
    expect(list.body.meetings.map((meeting: { topic: string }) => meeting.topic)).toContain('Town hall');
    const details = await get(`/v2/meetings/${created.id}`);
    expect(details.status).toBe(200);
    expect(details.body).toMatchObject({ topic: 'Town hall', host_id: emulator.hosts.pro.id, status: 'waiting' });
    expect(zoom.events()).toEqual(['meeting.created']);
    const [event] = zoom.received;
    expect(event.signatureValid).toBe(true);
    expect(event.raw).toContain(`"id":${created.id},`);
    expect(event.body).toMatchObject({
      event: 'meeting.created', event_ts: NOW,
      payload: {
        account_id: PRO_ACCOUNT, operator: 'pro.host@example.com', operator_id: emulator.hosts.pro.id, operation: 'all',
        object: { uuid: created.uuid, host_id: emulator.hosts.pro.id, topic: 'Town hall', type: 2, start_time: '2026-05-10T15:00:00Z', duration: 45 },
      },
    });
  });

  it('a recurring webinar is type 9 with weekly occurrences and recurrence as Zoom writes them, in webinar.created', async () => {
    const { zoom, emulator, get } = await withReceiver();

    const created = await emulator.createEvent('webinar', 'pro', { topic: 'Office hours', start_time: '2026-05-12T16:00:00Z', duration: 30, occurrences: 3 });

    const details = await get(`/v2/webinars/${created.id}`);
    const first = Date.UTC(2026, 4, 12, 16);
    const occurrences = [0, 1, 2].map((week) => ({
      occurrence_id: String(first + week * WEEK_MS), start_time: new Date(first + week * WEEK_MS).toISOString().replace('.000', ''),
      duration: 30, status: 'available',
    }));
    expect(details.body).toMatchObject({ type: 9, occurrences, recurrence: { type: 2, repeat_interval: 1, weekly_days: '3', end_times: 3 } });
    expect(zoom.received[0].body).toMatchObject({ event: 'webinar.created', payload: { object: { type: 9, occurrences } } });
  });

  it('updateEvent changes the meeting and sends meeting.updated with only what changed, then deleteEvent removes it', async () => {
    const { zoom, emulator, get } = await withReceiver();
    const created = await emulator.createEvent('meeting', 'licensed', { topic: 'Retro', start_time: '2026-05-10T15:00:00Z', duration: 60 });

    await emulator.updateEvent('meeting', created.id, { topic: 'Sprint retro', duration: 60 });
    expect((await get(`/v2/meetings/${created.id}`)).status).toBe(404); // another host's meeting: the Pro host cannot see it
    expect(emulator.meetingsOf('licensed').find((meeting) => meeting.id === created.id)?.topic).toBe('Sprint retro');
    await emulator.deleteEvent('meeting', created.id);

    expect(emulator.meetingsOf('licensed').map((meeting) => meeting.id)).not.toContain(created.id);
    expect(zoom.events()).toEqual(['meeting.created', 'meeting.updated', 'meeting.deleted']);
    expect(zoom.received.every((delivery) => delivery.signatureValid)).toBe(true);
    const [, updated, deleted] = zoom.received;
    expect(updated.body.payload).toMatchObject({ scope: 'all', time_stamp: NOW, operator_id: emulator.hosts.licensed.id });
    expect(updated.body.payload.object).toEqual({ id: Number(created.id), uuid: created.uuid, topic: 'Sprint retro' });
    expect(updated.body.payload.old_object).toEqual({ id: Number(created.id), uuid: created.uuid, topic: 'Retro' });
    expect(deleted.body.payload).toMatchObject({ operation: 'all', object: { topic: 'Sprint retro', uuid: created.uuid } });
    expect(deleted.body.payload.object.occurrences).toBeUndefined();
  });

  it('updating and deleting a seeded meeting shows in GET /v2/meetings/{id} and the list', async () => {
    const { emulator, get } = await withReceiver();

    await emulator.updateEvent('meeting', '85746065001', { start_time: '2026-06-01T10:00:00Z' });
    expect((await get('/v2/meetings/85746065001')).body.start_time).toBe('2026-06-01T10:00:00Z');
    await emulator.deleteEvent('meeting', '85746065001');

    expect((await get('/v2/meetings/85746065001')).status).toBe(404);
    const list = await get('/v2/users/me/meetings');
    expect(list.body.meetings.map((meeting: { id: number }) => String(meeting.id))).not.toContain('85746065001');
  });
});

describe('occurrences of a recurring series', () => {
  it('deleting one occurrence keeps the series; the event names the occurrence; deleting the series removes it', async () => {
    const { zoom, emulator, get } = await withReceiver();
    const before = (await get(`/v2/meetings/${RECURRING}`)).body as { occurrences: { occurrence_id: string; start_time: string }[] };
    const [first, second] = before.occurrences;

    await emulator.deleteEvent('meeting', RECURRING, first.occurrence_id);
    const after = (await get(`/v2/meetings/${RECURRING}`)).body as { start_time: string; occurrences: { occurrence_id: string }[] };
    await emulator.deleteEvent('meeting', RECURRING);

    expect(after.occurrences.map((one) => one.occurrence_id)).toEqual(before.occurrences.slice(1).map((one) => one.occurrence_id));
    expect(after.start_time).toBe(second.start_time);
    expect((await get(`/v2/meetings/${RECURRING}`)).status).toBe(404);
    expect(zoom.events()).toEqual(['meeting.deleted', 'meeting.deleted']);
    const [single, all] = zoom.received;
    expect(single.body.payload).toMatchObject({ operation: 'single', object: { type: 8, occurrences: [{ occurrence_id: first.occurrence_id, start_time: first.start_time }] } });
    expect(all.body.payload.operation).toBe('all');
    expect(all.body.payload.object.occurrences).toBeUndefined();
  });

  it('moving one occurrence changes only it and sends meeting.updated scope single with object.occurrences', async () => {
    const { zoom, emulator, get } = await withReceiver();
    const [first, second] = ((await get(`/v2/meetings/${RECURRING}`)).body as { occurrences: { occurrence_id: string; start_time: string }[] }).occurrences;

    await emulator.updateEvent('meeting', RECURRING, { start_time: '2026-05-20T18:00:00Z', duration: 50 }, second.occurrence_id);

    const occurrences = ((await get(`/v2/meetings/${RECURRING}`)).body as { occurrences: object[] }).occurrences;
    expect(occurrences[0]).toEqual(first);
    expect(occurrences[1]).toEqual({ occurrence_id: second.occurrence_id, start_time: '2026-05-20T18:00:00Z', duration: 50, status: 'available' });
    expect(zoom.received[0].body.payload).toMatchObject({
      scope: 'single',
      object: { occurrences: [{ occurrence_id: second.occurrence_id, start_time: '2026-05-20T18:00:00Z', duration: 50 }] },
      old_object: { occurrences: [{ occurrence_id: second.occurrence_id, start_time: second.start_time, duration: 45 }] },
    });
    expect(() => void emulator.deleteEvent('meeting', RECURRING, '123')).toThrow(`No occurrence 123 of meeting ${RECURRING}`);
    expect(() => void emulator.updateEvent('webinar', '404', { topic: 'x' })).toThrow('No webinar 404 in the emulator');
  });
});
