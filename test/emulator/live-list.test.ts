/** GET /v2/users/me/meetings?type=live (issue 22): the meetings in progress now, as Zoom's document describes the list type. */
import { parse, type LosslessNumber } from 'lossless-json';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { createZoomEmulator } from '../../src/emulator';
import { ZOOM_SPEC_PATH, responseValidatorFor } from '../helpers/openapi';
import { login } from './helpers';

const STARTED = '90071992547409931';
const idsOf = (text: string) => (parse(text) as { meetings: Array<{ id: LosslessNumber }> }).meetings.map((m) => m.id.toString());

describe('the meetings list with type=live', () => {
  it('is an operation parameter value of Zoom\'s published document', () => {
    const spec = JSON.parse(readFileSync(ZOOM_SPEC_PATH, 'utf8')) as { paths: Record<string, { get: { parameters: Array<{ name: string; schema?: { enum?: string[] } }> } }> };
    const type = spec.paths['/users/{userId}/meetings'].get.parameters.find((p) => p.name === 'type');
    expect(type?.schema?.enum).toContain('live');
  });

  it('lists only the host\'s meetings in progress, fits the schema, and follows the host starting and ending one', async () => {
    const emulator = createZoomEmulator({ extraMeetings: 2 });
    const auth = `Bearer ${(await login(emulator.app)).access_token}`;
    const fits = responseValidatorFor('/users/{userId}/meetings', 'get', '200');
    const live = () => request(emulator.app).get('/v2/users/me/meetings').query({ type: 'live', page_size: 300 }).set('Authorization', auth);

    const first = await live().expect(200);
    expect(fits(JSON.parse(first.text))).toEqual({ valid: true, errors: '' });
    expect(idsOf(first.text)).toEqual([STARTED]);
    // The upcoming list still has every meeting, the recurring one once.
    const upcoming = await request(emulator.app).get('/v2/users/me/meetings').query({ type: 'upcoming', page_size: 300 }).set('Authorization', auth);
    expect(idsOf(upcoming.text)).toHaveLength(6);
    expect(idsOf(upcoming.text).filter((id) => id === '85746065002')).toHaveLength(1);

    await emulator.startEvent('meeting', '85746065001');
    expect(idsOf((await live().expect(200)).text)).toEqual([STARTED, '85746065001']);
    await emulator.endEvent('meeting', STARTED);
    expect(idsOf((await live().expect(200)).text)).toEqual(['85746065001']);
  });
});
