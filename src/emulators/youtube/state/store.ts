/** The channels' broadcasts and streams, in memory, in the order they were created (lists come out in that order). */
import { randomBytes } from 'node:crypto';
import type { EmulatedBroadcast, EmulatedStream } from '../types';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomFrom(alphabet: string, length: number): string {
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Broadcast ids are video ids: 11 characters of base64url, so the watch page is youtube.com/watch?v=<id>. */
export function newBroadcastId(): string {
  return randomFrom(ID_ALPHABET, 11);
}

/** YouTube's stream ids are the channel id without "UC" followed by 13 digits. */
export function newStreamId(channelId: string): string {
  return `${channelId.slice(2)}${randomFrom('0123456789', 13)}`;
}

/** Stream keys look like YouTube's: five groups of four, e.g. "abcd-efgh-ijkl-mnop-qrst". */
export function newStreamName(): string {
  return Array.from({ length: 5 }, () => randomFrom(KEY_ALPHABET, 4)).join('-');
}

export function createStore() {
  const broadcasts = new Map<string, EmulatedBroadcast>();
  const streams = new Map<string, EmulatedStream>();

  function broadcastOf(channelId: string | undefined, id: string): EmulatedBroadcast | undefined {
    const found = broadcasts.get(id);
    // Another channel's broadcast does not exist, as far as this caller can tell.
    return found && found.channelId === channelId ? found : undefined;
  }

  function streamOf(channelId: string | undefined, id: string): EmulatedStream | undefined {
    const found = streams.get(id);
    return found && found.channelId === channelId ? found : undefined;
  }

  function streamByName(streamName: string): EmulatedStream | undefined {
    return [...streams.values()].find((stream) => stream.streamName === streamName);
  }

  function broadcastsBoundTo(streamId: string): EmulatedBroadcast[] {
    return [...broadcasts.values()].filter((broadcast) => broadcast.boundStreamId === streamId);
  }

  return { broadcasts, streams, broadcastOf, streamOf, streamByName, broadcastsBoundTo };
}

export type Store = ReturnType<typeof createStore>;
