import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createZoomEmulator, type EmulatorOptions } from '../../src/emulator';
import { login } from './helpers';

/**
 * The `media` option: a started stream is pushed to stream_url/stream_key as Zoom pushes the meeting's video, and a
 * stop ends the push. A stand-in ffmpeg (a shell script) shows what would run, fast and without ffmpeg installed;
 * test/e2e/real-media.test.ts pushes real media with the real ffmpeg.
 */
const IN_PROGRESS = '90071992547409931';
const KEY = 'abcd-efgh-ijkl-mnop';
const start = { action: 'start', settings: { active_speaker_name: false, display_name: 'Live' } };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zls-media-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in ffmpeg: writes its arguments one per line, complains on stderr naming its target, then runs `then`. */
function fakeFfmpeg(name: string, then: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$@" > ${file}.args\nfor last; do :; done\necho "cannot reach $last" >&2\n${then}\n`);
  chmodSync(file, 0o755);
  return file;
}

async function signedIn(options: EmulatorOptions) {
  const emulator = createZoomEmulator(options);
  const auth = `Bearer ${(await login(emulator.app, 'pro')).access_token}`;
  const patch = (suffix: string, body: object) =>
    request(emulator.app).patch(`/v2/meetings/${IN_PROGRESS}/livestream${suffix}`).set('Authorization', auth).send(body).expect(204);
  await patch('', { stream_url: 'rtmp://127.0.0.1:1935/live2/', stream_key: KEY, page_url: 'https://example.com/live' });
  return { emulator, patch };
}

describe('media pushes (the media option)', () => {
  it('off by default: a start runs nothing', async () => {
    const { emulator, patch } = await signedIn({});
    await patch('/status', start);
    expect(emulator.mediaPushes()).toEqual([]);
    await expect(emulator.mediaPushesFinished()).resolves.toEqual([]);
  });

  it('a start pushes to stream_url/stream_key (one slash), an FLV of `seconds`; the key is blanked in the kept output', async () => {
    const ffmpegPath = fakeFfmpeg('quick', 'exit 3');
    const { emulator, patch } = await signedIn({ media: { ffmpegPath, seconds: 2 } });

    await patch('/status', start);
    const [push] = await emulator.mediaPushesFinished();

    const args = readFileSync(`${ffmpegPath}.args`, 'utf8').trim().split('\n');
    expect(args.at(-1)).toBe(`rtmp://127.0.0.1:1935/live2/${KEY}`);
    expect(args.slice(-3, -1)).toEqual(['-f', 'flv']);
    expect(args[args.indexOf('-t') + 1]).toBe('2');
    expect(push).toMatchObject({ kind: 'meeting', eventId: IN_PROGRESS, exitCode: 3, stopped: false });
    expect(push.errorOutput).toBe('cannot reach rtmp://127.0.0.1:1935/live2/[stream key]\n');
  });

  it('a stop ends the running push; a second start while it runs starts no second one', async () => {
    const { emulator, patch } = await signedIn({ media: { ffmpegPath: fakeFfmpeg('slow', 'exec sleep 30'), seconds: 30 } });

    await patch('/status', start);
    await patch('/status', start);
    expect(emulator.mediaPushes()).toHaveLength(1);
    await patch('/status', { action: 'stop' });

    const [push] = await emulator.mediaPushesFinished();
    expect(push).toMatchObject({ stopped: true, exitCode: null });
  });

  it('the host stopping the stream in the Zoom client ends the push too', async () => {
    const { emulator, patch } = await signedIn({ media: { ffmpegPath: fakeFfmpeg('client', 'exec sleep 30'), seconds: 30 } });

    await patch('/status', start);
    await emulator.stopLivestream('meeting', IN_PROGRESS);

    await expect(emulator.mediaPushesFinished()).resolves.toMatchObject([{ stopped: true }]);
  });
});
