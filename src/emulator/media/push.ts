/**
 * What Zoom does once a custom live stream starts: it pushes the meeting's audio and video over RTMP to
 * stream_url/stream_key. With the `media` option the emulator plays that part with ffmpeg's test pattern for a few
 * seconds, so a real RTMP server (nginx-rtmp standing in for YouTube's ingest) receives real media. Off by default:
 * the emulator then starts no process at all. The stream key is a secret: it is never logged, and ffmpeg's error
 * output is kept with the key blanked out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { MediaOptions } from '../options';
import type { EventKind, MediaPush } from '../types';

export interface MediaPusher {
  /** Starts a push to the event's destination, unless one is already running for it (a second Start). */
  start(kind: EventKind, eventId: string, streamUrl: string, streamKey: string): void;
  /** The stream stopped: its push, if still running, is ended. */
  stop(kind: EventKind, eventId: string): void;
  /** Copies of every push so far, oldest first. */
  pushes(): MediaPush[];
  /** Resolves once every push started so far has exited. */
  finished(): Promise<MediaPush[]>;
  /** Ends every running push and resolves once they have exited (the emulator is closing). */
  stopAll(): Promise<void>;
}

/** Where Zoom pushes: the key appended to the URL as one path segment, whether the URL ends with a slash or not. */
export function pushTarget(streamUrl: string, streamKey: string): string {
  return `${streamUrl.replace(/\/+$/, '')}/${streamKey}`;
}

/** A 320x240 test pattern and a 440 Hz tone, encoded as Zoom's encoder would be for RTMP: H.264 + AAC in FLV, in real time. */
export function ffmpegArguments(target: string, seconds: number): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15', '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '30',
    '-c:a', 'aac', '-f', 'flv', target,
  ];
}

interface Running {
  push: MediaPush;
  child: ChildProcess;
}

const NO_PUSHES: MediaPusher = {
  start: () => undefined,
  stop: () => undefined,
  pushes: () => [],
  finished: () => Promise.resolve([]),
  stopAll: () => Promise.resolve(),
};

const copyOf = (push: MediaPush): MediaPush => ({ ...push });

export function createMediaPusher(options: MediaOptions | undefined): MediaPusher {
  if (!options) return NO_PUSHES;
  const { ffmpegPath, seconds } = options;
  const all: MediaPush[] = [];
  const running = new Map<string, Running>();
  const keyOf = (kind: EventKind, eventId: string) => `${kind}:${eventId}`;

  function launch(kind: EventKind, eventId: string, streamUrl: string, streamKey: string): Running {
    const child = spawn(ffmpegPath, ffmpegArguments(pushTarget(streamUrl, streamKey), seconds), { stdio: ['ignore', 'ignore', 'pipe'] });
    let resolveFinished: (push: MediaPush) => void = () => undefined;
    const push: MediaPush = {
      kind, eventId, startedAt: Date.now(), exitCode: null, stopped: false, errorOutput: '',
      finished: new Promise<MediaPush>((resolve) => void (resolveFinished = resolve)),
    };
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    let settled = false;
    const settle = (code: number | null, failure?: Error) => {
      if (settled) return;
      settled = true;
      running.delete(keyOf(kind, eventId));
      push.exitCode = code;
      push.errorOutput = `${output}${failure ? failure.message : ''}`.split(streamKey).join('[stream key]');
      resolveFinished({ ...push });
    };
    // 'close' (not 'exit'): the error output is complete by then. A spawn failure (no ffmpeg at the path) ends it too.
    child.once('error', (error) => settle(null, error));
    child.once('close', (code) => settle(code));
    return { push, child };
  }

  function end(entry: Running): Promise<MediaPush> {
    entry.push.stopped = true;
    // SIGTERM: ffmpeg closes the RTMP connection itself, so the server sees the publisher leave (on_publish_done).
    entry.child.kill('SIGTERM');
    const stubborn = setTimeout(() => entry.child.kill('SIGKILL'), 5000);
    return entry.push.finished.finally(() => clearTimeout(stubborn));
  }

  return {
    start(kind, eventId, streamUrl, streamKey) {
      if (running.has(keyOf(kind, eventId))) return;
      const entry = launch(kind, eventId, streamUrl, streamKey);
      running.set(keyOf(kind, eventId), entry);
      all.push(entry.push);
    },
    stop(kind, eventId) {
      const entry = running.get(keyOf(kind, eventId));
      if (entry) void end(entry);
    },
    pushes: () => all.map(copyOf),
    finished: () => Promise.all(all.map((push) => push.finished)),
    stopAll: async () => void (await Promise.all([...running.values()].map(end))),
  };
}
