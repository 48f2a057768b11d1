import { lookup as systemLookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { rtmpHandshake } from './rtmp-handshake';

/**
 * Pre-flight (issue 25): does a live stream's ingest server answer? Resolves the host, connects, does TLS for
 * rtmps, and the RTMP handshake (rtmp-handshake.ts), then hangs up WITHOUT connect or publish: nothing goes live,
 * the service starts no stream. Also says whether the address is a known service's, in the form it publishes.
 * The stream key never leaves this module: a detail names only scheme://host:port/app.
 */
export type IngestFailure = 'badUrl' | 'notResolved' | 'notPublic' | 'refused' | 'timeout' | 'noHandshake' | 'notRtmp' | 'tls';
export type IngestService = 'youtube' | 'facebook' | 'twitch';

/**
 * ok: the server completed the RTMP handshake. Otherwise `failure`:
 * badUrl: not an rtmp:// or rtmps:// address with a host; notResolved: the host does not resolve;
 * refused: nothing takes TCP connections there (refused, or the host unreachable: the code is in `detail`);
 * timeout: no TCP connection (or no DNS answer) within timeoutMs; noHandshake: TCP connected, but no complete TLS or
 * RTMP handshake came back in time, or the server hung up first; notRtmp: something else answered (S0 was not 3,
 * e.g. an HTTP server); tls: the TLS handshake failed (certificate not trusted, wrong name, not TLS at all).
 */
export interface IngestResult {
  ok: boolean;
  failure?: IngestFailure;
  detail?: string;
  ms: number;
  service?: IngestService;
  serviceForm?: 'expected' | 'unexpected';
}

export interface IngestForm {
  scheme: 'rtmp:' | 'rtmps:';
  host: RegExp;
  port: number;
  /** The RTMP application: the path's first segment (the stream key may follow it). */
  app: string;
  /** The address as the service publishes it, for a page to show. */
  example: string;
}

/** The services' published ingest addresses (2026). A host matching `hosts` is that service's; `forms` are right. */
export const INGEST_SERVICES: Record<IngestService, { hosts: RegExp; forms: IngestForm[] }> = {
  youtube: {
    hosts: /^[ab]\.rtmps?\.youtube\.com$/,
    forms: [
      { scheme: 'rtmp:', host: /^[ab]\.rtmp\.youtube\.com$/, port: 1935, app: 'live2', example: 'rtmp://a.rtmp.youtube.com/live2' },
      { scheme: 'rtmps:', host: /^[ab]\.rtmps\.youtube\.com$/, port: 443, app: 'live2', example: 'rtmps://a.rtmps.youtube.com:443/live2' },
    ],
  },
  facebook: {
    hosts: /^live-api-s\.facebook\.com$/,
    forms: [{ scheme: 'rtmps:', host: /^live-api-s\.facebook\.com$/, port: 443, app: 'rtmp', example: 'rtmps://live-api-s.facebook.com:443/rtmp/' }],
  },
  twitch: {
    hosts: /^(live\.twitch\.tv|[a-z0-9-]+\.contribute\.live-video\.net)$/,
    forms: [
      { scheme: 'rtmp:', host: /^live\.twitch\.tv$/, port: 1935, app: 'app', example: 'rtmp://live.twitch.tv/app' },
      { scheme: 'rtmp:', host: /^[a-z0-9-]+\.contribute\.live-video\.net$/, port: 1935, app: 'app', example: 'rtmp://<region>.contribute.live-video.net/app' },
      { scheme: 'rtmps:', host: /^[a-z0-9-]+\.contribute\.live-video\.net$/, port: 443, app: 'app', example: 'rtmps://<region>.contribute.live-video.net:443/app' },
    ],
  },
};

const DEFAULT_PORTS = { 'rtmp:': 1935, 'rtmps:': 443 } as const;

interface IngestAddress {
  scheme: 'rtmp:' | 'rtmps:';
  /** Lower case; an IPv6 literal without its brackets. */
  host: string;
  port: number;
  app: string;
  /** scheme://host:port/app: what a detail may say about the address. */
  label: string;
}

/** The parts of a stream URL that matter; the path after the application (the key) and the query are dropped here. */
function parseIngestUrl(streamUrl: string): IngestAddress | { problem: string } {
  let url: URL;
  try {
    url = new URL(streamUrl.trim());
  } catch {
    return { problem: 'not a URL' };
  }
  if (url.protocol !== 'rtmp:' && url.protocol !== 'rtmps:') return { problem: `${url.protocol} is not rtmp: or rtmps:` };
  // rtmp: is not a "special" scheme to the URL parser: the host is left as typed, so check and lower-case it here.
  const bracketed = /^\[(.*)\]$/.exec(url.hostname);
  const host = bracketed ? bracketed[1] : url.hostname.toLowerCase();
  if (bracketed ? isIP(host) !== 6 : !/^[a-z0-9.-]+$/.test(host)) return { problem: `${url.protocol}// address without a valid host` };
  const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
  if (port === 0) return { problem: `${url.protocol}// address with port 0` };
  const app = url.pathname.split('/')[1] ?? '';
  return { scheme: url.protocol, host, port, app, label: `${url.protocol}//${bracketed ? `[${host}]` : host}:${port}/${app}` };
}

function serviceOf(address: IngestAddress): Pick<IngestResult, 'service' | 'serviceForm'> {
  for (const [service, { hosts, forms }] of Object.entries(INGEST_SERVICES) as [IngestService, (typeof INGEST_SERVICES)[IngestService]][]) {
    if (!hosts.test(address.host)) continue;
    const expected = forms.some((form) => form.scheme === address.scheme && form.host.test(address.host) && form.port === address.port && form.app === address.app);
    return { service, serviceForm: expected ? 'expected' : 'unexpected' };
  }
  return {};
}

/** Whose ingest a stream URL names, and whether in the form that service publishes; {} for another host or a bad URL. No network. */
export function recogniseService(streamUrl: string): Pick<IngestResult, 'service' | 'serviceForm'> {
  const address = parseIngestUrl(streamUrl);
  return 'problem' in address ? {} : serviceOf(address);
}

type Failed = { ok: false; failure: IngestFailure; detail: string };

/** The host's address through `lookup` (called as lookup(host, { all: false }, callback)), or why not. */
function resolveHost(address: IngestAddress, lookup: typeof systemLookup, signal: AbortSignal): Promise<string | Failed> {
  return new Promise((resolve) => {
    const onAbort = () => resolve({ ok: false, failure: 'timeout', detail: `${address.label}: no DNS answer within the time allowed` });
    signal.addEventListener('abort', onAbort, { once: true });
    lookup(address.host, { all: false }, (error, ip) => {
      signal.removeEventListener('abort', onAbort);
      if (error) resolve({ ok: false, failure: 'notResolved', detail: `${address.label}: ${address.host} does not resolve (${error.code ?? error.message})` });
      else resolve(ip);
    });
  });
}

/**
 * Addresses an ingest server cannot have: loopback, private, link-local (cloud metadata), carrier-grade NAT, unique
 * local. A host types the stream URL: without this a Check now could map the app's own network, port by port.
 */
const NOT_PUBLIC = (() => {
  const list = new BlockList();
  for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) list.addSubnet(net, prefix, 'ipv6');
  return list;
})();

export function isPublicAddress(ip: string): boolean {
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const address = mapped ?? ip;
  const family = isIP(address);
  return family !== 0 && !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Whether the ingest behind `streamUrl` answers an RTMP handshake within `timeoutMs` (whole check); publishes nothing. */
export async function checkIngest(
  streamUrl: string,
  options: { timeoutMs?: number; lookup?: typeof systemLookup; tlsCa?: string | Buffer; allowPrivate?: boolean } = {},
): Promise<IngestResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const address = parseIngestUrl(streamUrl);
  if ('problem' in address) return { ok: false, failure: 'badUrl', detail: address.problem, ms: elapsed() };
  const service = serviceOf(address);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs ?? 5000);
  try {
    const ip = await resolveHost(address, options.lookup ?? systemLookup, deadline.signal);
    // Tests and the sandbox ask servers on this machine (allowPrivate); a deployment asks only public addresses.
    if (typeof ip === 'string' && !options.allowPrivate && !isPublicAddress(ip)) {
      return { ok: false, failure: 'notPublic', detail: `${address.label}: not a public address`, ms: elapsed(), ...service };
    }
    const outcome = typeof ip !== 'string' ? ip : await rtmpHandshake({
      address: ip,
      port: address.port,
      tls: address.scheme === 'rtmps:' ? { servername: isIP(address.host) ? undefined : address.host, ca: options.tlsCa } : undefined,
      label: address.label,
    }, deadline.signal);
    return { ...outcome, ms: elapsed(), ...service };
  } finally {
    clearTimeout(timer);
  }
}
