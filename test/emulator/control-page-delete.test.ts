import request from 'supertest';
import { signedInAs } from './helpers';
import { startReceiver, type Receiver } from './webhook-receiver';

/** The control page's Delete button: the host deleting a meeting or a webinar series in Zoom. */
const SECRET = 'control-delete-secret';
const WAITING = '85746065001';
const RECURRING_WEBINAR = '84129876502';

let zoom: Receiver;
beforeEach(async () => {
  zoom = await startReceiver(SECRET);
});
afterEach(() => zoom.close());

async function pageAndApi() {
  const signedIn = await signedInAs('pro', { webhook: { url: zoom.url, secretToken: SECRET } });
  const page = (path: string) => request(signedIn.app).get(`/emulator${path}`);
  const press = (path: string) => request(signedIn.app).post(`/emulator${path}`);
  return { ...signedIn, page, press };
}

describe('POST /emulator/{meetings|webinars}/:id/delete', () => {
  it('the page offers Delete; pressing it removes the meeting, sends meeting.deleted and says so', async () => {
    const { emulator, page, press, get } = await pageAndApi();
    expect((await page(`/meetings/${WAITING}`)).text)
      .toContain(`<form method="post" action="/emulator/meetings/${WAITING}/delete"><button>Delete meeting</button></form>`);

    const res = await press(`/meetings/${WAITING}/delete`);

    expect(res.status).toBe(200);
    expect(res.text).toContain(`Meeting ${WAITING} deleted`);
    expect(emulator.webhookDeliveries()).toEqual([{ event: 'meeting.deleted', id: WAITING, status: 200 }]);
    expect((await get(`/v2/meetings/${WAITING}`)).status).toBe(404);
    expect((await page(`/meetings/${WAITING}`)).status).toBe(404);
  });

  it('deletes a whole webinar series, and refuses a form from another origin', async () => {
    const { emulator, page, press } = await pageAndApi();
    expect((await page(`/webinars/${RECURRING_WEBINAR}`)).text).toContain('<button>Delete webinar series</button>');

    expect((await press(`/webinars/${RECURRING_WEBINAR}/delete`).set('Origin', 'http://127.0.0.1:9')).status).toBe(403);
    expect(zoom.received).toEqual([]);
    await press(`/webinars/${RECURRING_WEBINAR}/delete`).expect(200);

    expect(zoom.received[0].body.payload).toMatchObject({ operation: 'all', object: { type: 9 } });
    expect(emulator.webinarsOf('pro').map((webinar) => webinar.id)).not.toContain(RECURRING_WEBINAR);
  });
});
