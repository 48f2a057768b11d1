/**
 * A stand-in for the app's webhook endpoint on loopback: records every delivery with its raw body and checks the
 * signature with Zoom's scheme, written out here on its own so a mistake in the emulator's signing cannot hide.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorOptions } from '../../src/emulator';
import { signedInAs } from './helpers';

export interface Received {
  /** The body as sent: ids past 2^53 are only exact here. */
  raw: string;
  /** The body parsed by JSON.parse (big numeric ids lose digits here). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests reach into Zoom's event payloads as they come
  body: { event: string; event_ts: number; payload: Record<string, any> };
  timestamp: string;
  signatureValid: boolean;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function expectedSignature(secret: string, timestamp: string, raw: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${raw}`).digest('hex')}`;
}

/** Answers `status` (200 unless changed); while `hold()` is on, it answers only once `release()` is called. */
export async function startReceiver(secret: string) {
  const received: Received[] = [];
  let status = 200;
  let gate: Promise<void> = Promise.resolve();
  let open = (): void => undefined;
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const timestamp = String(req.headers['x-zm-request-timestamp']);
      const signatureValid = req.headers['x-zm-signature'] === expectedSignature(secret, timestamp, raw);
      received.push({ raw, body: JSON.parse(raw) as Received['body'], timestamp, signatureValid });
      await gate;
      res.statusCode = status;
      res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zoom`;
  return {
    url,
    received,
    events: () => received.map((delivery) => delivery.body.event),
    answerWith: (next: number) => void (status = next),
    hold: () => void (gate = new Promise((resolve) => (open = resolve))),
    release: () => open(),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/**
 * For a test file: receivers closed after each test, and a Pro host signed in to an emulator whose webhooks go to a
 * fresh receiver (its clock is `now` when given).
 */
export function useReceivers(secret: string, now?: () => number) {
  let open: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(open.map((receiver) => receiver.close()));
    open = [];
  });
  async function receiver(): Promise<Receiver> {
    const started = await startReceiver(secret);
    open.push(started);
    return started;
  }
  async function withReceiver(options: EmulatorOptions = {}) {
    const zoom = await receiver();
    const signedIn = await signedInAs('pro', { ...(now && { now }), webhook: { url: zoom.url, secretToken: secret }, ...options });
    const status = (kind: string, id: string, body: object) => signedIn.patch(`/v2/${kind}s/${id}/livestream/status`, body);
    return { zoom, ...signedIn, status };
  }
  return { receiver, withReceiver };
}
