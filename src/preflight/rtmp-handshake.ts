import { randomBytes } from 'node:crypto';
import { connect as connectTcp, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as connectTls } from 'node:tls';

/**
 * The RTMP "simple handshake" of the RTMP 1.0 specification (Adobe, 2012), section 5.2 "Handshake", over TCP or TLS,
 * and nothing after it: no connect, no createStream, no publish. A server that completes it is an RTMP server that
 * answers; it has not been asked to take a stream, so it starts none and calls no on_publish hook.
 *
 * Written here rather than taken from npm: the one maintained client there (rtmp-client) is a whole NetConnection
 * client without TLS, without types, and reports a failed handshake as a bare 'error' with no reason, so it could
 * tell neither rtmps nor "this is an HTTP server" apart. The handshake is three fixed-size packets each way.
 */
export type HandshakeFailure = 'refused' | 'timeout' | 'noHandshake' | 'notRtmp' | 'tls';
export type HandshakeOutcome = { ok: true } | { ok: false; failure: HandshakeFailure; detail: string };

export interface HandshakeTarget {
  /** The resolved IP address to connect to. */
  address: string;
  port: number;
  /** rtmps: verify the certificate for `servername` (omitted for an IP literal) against `ca`, or the system's CAs. */
  tls?: { servername?: string; ca?: string | Buffer };
  /** scheme://host:port/app: the only words about the target a detail may hold (never the stream key). */
  label: string;
}

/** 5.2.2: C0/S0 carry the version, and 3 is the only one the specification defines. */
const RTMP_VERSION = 3;
/** 5.2.3/5.2.4: C1/S1 and C2/S2 are 1536 bytes: 4 time, 4 zero (or time2 in C2/S2), 1528 random. */
const PACKET = 1536;

/** 5.2.3 C1: our epoch starts at 0 when it is sent; the zero bytes 4-7 ask for the simple (not the digest) handshake. */
function c1Packet(): Buffer {
  const c1 = Buffer.alloc(PACKET);
  randomBytes(PACKET - 8).copy(c1, 8);
  return c1;
}

/** 5.2.4 C2: S1's time, then when we read S1 (time2, on our C1 epoch), then S1's random bytes echoed. */
function c2Packet(s1: Buffer, readAtMs: number): Buffer {
  const c2 = Buffer.from(s1);
  c2.writeUInt32BE(Math.min(Math.round(readAtMs), 0xffffffff), 4);
  return c2;
}

/** What a non-RTMP server said first, as printable text ("HTTP/1.1 400 Bad Request"), to name it in the detail. */
function firstWords(received: Buffer): string {
  const line = received.subarray(0, 48).toString('latin1').split(/\r?\n/)[0];
  return line.replace(/[^\x20-\x7e]/g, '.');
}

/**
 * Connects, does TLS for rtmps, then C0+C1 → S0+S1 → C2 → S2, then closes (a FIN, and close_notify under TLS).
 * `signal` aborts whatever is left: before TCP connects that is a `timeout`; once connected, a server that has not
 * completed the TLS or RTMP handshake in time is `noHandshake` (it took the connection but did not answer as an ingest).
 */
export function rtmpHandshake(target: HandshakeTarget, signal: AbortSignal): Promise<HandshakeOutcome> {
  return new Promise((resolve) => {
    let stage: 'tcp' | 'tls' | 'rtmp' | 'closing' = 'tcp';
    let settled = false;
    const raw: Socket = connectTcp({ host: target.address, port: target.port });
    let stream: Socket = raw;

    function settle(outcome: HandshakeOutcome): void {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    }
    function fail(failure: HandshakeFailure, why: string): void {
      stream.destroy();
      raw.destroy();
      settle({ ok: false, failure, detail: `${target.label}: ${why}` });
    }
    function onAbort(): void {
      if (stage === 'closing') {
        // The handshake was done; only the server's side of the close is missing. Not worth waiting longer for.
        stream.destroy();
        settle({ ok: true });
      } else if (stage === 'tcp') fail('timeout', 'no TCP connection within the time allowed');
      else fail('noHandshake', `took the connection but completed no ${stage === 'tls' ? 'TLS' : 'RTMP'} handshake in the time allowed`);
    }
    function onError(error: NodeJS.ErrnoException): void {
      const code = error.code ?? 'error';
      if (stage === 'tcp') fail('refused', `connection refused (${code})`);
      else if (stage === 'tls') fail('tls', `TLS handshake failed (${code}): ${error.message}`);
      else if (stage === 'rtmp') fail('noHandshake', `connection lost during the RTMP handshake (${code})`);
      else settle({ ok: true });
    }
    function onClose(): void {
      if (stage === 'closing') settle({ ok: true });
      else if (stage === 'tls') fail('tls', 'closed the connection during the TLS handshake');
      else fail('noHandshake', 'closed the connection before completing the RTMP handshake');
    }

    function startRtmp(): void {
      stage = 'rtmp';
      let received = Buffer.alloc(0);
      let c2Sent = false;
      const sentAt = performance.now();
      const onData = (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (received[0] !== RTMP_VERSION) {
          fail('notRtmp', `answered "${firstWords(received)}", not RTMP (S0 was 0x${received[0].toString(16)}, version 3 expected)`);
          return;
        }
        if (!c2Sent && received.length >= 1 + PACKET) {
          c2Sent = true;
          stream.write(c2Packet(received.subarray(1, 1 + PACKET), performance.now() - sentAt));
        }
        // S2 should echo C1 (5.2.4); servers that answer with the digest handshake's S2 do not, and both answer.
        if (c2Sent && received.length >= 1 + 2 * PACKET) {
          stage = 'closing';
          stream.off('data', onData);
          stream.resume();
          stream.end();
        }
      };
      stream.on('data', onData);
      stream.write(Buffer.concat([Buffer.from([RTMP_VERSION]), c1Packet()]));
    }

    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) return onAbort();
    raw.on('error', onError);
    raw.once('connect', () => {
      if (!target.tls) return startRtmp();
      stage = 'tls';
      raw.off('close', onClose);
      stream = connectTls({ socket: raw, servername: target.tls.servername, ca: target.tls.ca });
      stream.on('error', onError);
      stream.once('close', onClose);
      stream.once('secureConnect', startRtmp);
    });
    raw.once('close', onClose);
  });
}
