import express from 'express';
import { ConfigError, loadConfig, withListeningPort, withZoomAt } from '../src/config';

/** Everything Zoom mode needs; each test removes or changes what it is about. */
const ZOOM_MODE = {
  ZOOM_CLIENT_ID: 'id',
  ZOOM_CLIENT_SECRET: 'secret',
  BASE_URL: 'https://live.example.com/',
  TRUST_PROXY: '1',
  SESSION_SECRET: 's'.repeat(32),
  TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  ZOOM_WEBHOOK_SECRET_TOKEN: 'webhook-secret',
};

function without(names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(ZOOM_MODE).filter(([name]) => !names.includes(name)));
}

describe('loadConfig', () => {
  it('with no Zoom credentials runs in sandbox mode on loopback', () => {
    const config = loadConfig({});
    expect(config.sandbox).toBe(true);
    expect(config.host).toBe('127.0.0.1');
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.zoom.redirectUri).toBe('http://localhost:3000/oauth/callback');
    expect(config.session.cookieName).toBe('zls.sid');
    expect(config.session.secure).toBe(false);
    expect(config.warnings).toEqual([]);
  });

  it('with credentials talks to the real Zoom', () => {
    const config = loadConfig(ZOOM_MODE);
    expect(config.sandbox).toBe(false);
    expect(config.zoom.oauthUrl).toBe('https://zoom.us');
    expect(config.zoom.apiUrl).toBe('https://api.zoom.us/v2');
    expect(config.zoom.redirectUri).toBe('https://live.example.com/oauth/callback');
    expect(config.session.secure).toBe(true);
    expect(config.session.cookieName).toBe('__Host-zls.sid');
    expect(config.session.secret).toBe(ZOOM_MODE.SESSION_SECRET);
    expect(config.tokenKeys).toBe(ZOOM_MODE.TOKEN_ENCRYPTION_KEYS);
    expect(config.webhookSecret).toBe('webhook-secret');
    expect(config.trustProxy).toBe(1);
    expect(config.host).toBe('0.0.0.0');
    expect(config.warnings).toEqual([]);
  });

  it('in production names every missing secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      new ConfigError('Missing required settings for Zoom mode (ZOOM_CLIENT_ID is set, or NODE_ENV=production): ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET, BASE_URL, SESSION_SECRET, TOKEN_ENCRYPTION_KEYS, ZOOM_WEBHOOK_SECRET_TOKEN'),
    );
  });

  it('with ZOOM_CLIENT_ID set and NODE_ENV left at development, still names every missing secret instead of falling back to public ones', () => {
    const names = ['BASE_URL', 'SESSION_SECRET', 'TOKEN_ENCRYPTION_KEYS', 'ZOOM_WEBHOOK_SECRET_TOKEN'];
    expect(() => loadConfig(without(names))).toThrow(
      new ConfigError(`Missing required settings for Zoom mode (ZOOM_CLIENT_ID is set, or NODE_ENV=production): ${names.join(', ')}`),
    );
    for (const name of names) expect(() => loadConfig({ ...without([name]), NODE_ENV: 'test' })).toThrow(`: ${name}`);
  });

  it('shows stack traces on 500 pages only in the sandbox in development', () => {
    expect(loadConfig({}).showStack).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).showStack).toBe(false);
    expect(loadConfig({ ...ZOOM_MODE, NODE_ENV: 'development' }).showStack).toBe(false);
    expect(loadConfig({ ...ZOOM_MODE, NODE_ENV: 'production' }).showStack).toBe(false);
  });

  it('refuses TRUST_PROXY=true and asks for a hop count or addresses', () => {
    expect(() => loadConfig({ ...ZOOM_MODE, TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY=true .*X-Forwarded-For.*hop count.*addresses/);
    expect(loadConfig({ ...ZOOM_MODE, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('names a TRUST_PROXY that Express cannot read, or that trusts everyone, in one line instead of a TypeError', () => {
    for (const value of ['TRUE', 'True', 'yes', 'on']) {
      expect(() => loadConfig({ ...ZOOM_MODE, TRUST_PROXY: value })).toThrow(new RegExp(`^TRUST_PROXY=${value} is refused: .*X-Forwarded-For`));
    }
    for (const value of ['0.0.0.0/0', '::/0', 'loopback, 0.0.0.0/0']) {
      expect(() => loadConfig({ ...ZOOM_MODE, TRUST_PROXY: value })).toThrow(/^TRUST_PROXY is refused: ".*" is every address: .*X-Forwarded-For/);
    }
    for (const value of ['nginx', '10.0.0.0/33', '10.0.0.1/8/8', 'Loopback']) {
      expect(() => loadConfig({ ...ZOOM_MODE, TRUST_PROXY: value })).toThrow(ConfigError);
    }
    expect(loadConfig({ ...ZOOM_MODE, TRUST_PROXY: 'FALSE' }).trustProxy).toBe(false);
  });

  it('gives Express only TRUST_PROXY values it accepts', () => {
    for (const value of ['false', '2', 'loopback', '10.0.0.0/8', '127.0.0.1, ::1', 'fd00::/8, uniquelocal', '192.168.1.10']) {
      const { trustProxy } = loadConfig({ ...ZOOM_MODE, TRUST_PROXY: value });
      expect(() => express().set('trust proxy', trustProxy)).not.toThrow();
    }
  });

  it('refuses the sandbox\'s public session secret and webhook token in Zoom mode', () => {
    for (const mode of [ZOOM_MODE, { ...ZOOM_MODE, NODE_ENV: 'production' }]) {
      expect(() => loadConfig({ ...mode, SESSION_SECRET: 'development-only-session-secret-change-me' })).toThrow(/^SESSION_SECRET is the sandbox's public secret/);
      expect(() => loadConfig({ ...mode, ZOOM_WEBHOOK_SECRET_TOKEN: 'sandbox-webhook-secret-token' })).toThrow(/^ZOOM_WEBHOOK_SECRET_TOKEN is the sandbox's public token/);
    }
  });

  it('refuses an http BASE_URL in production, except on loopback', () => {
    expect(() => loadConfig({ ...ZOOM_MODE, NODE_ENV: 'production', BASE_URL: 'http://live.example.com' })).toThrow(/^BASE_URL is http:\/\/ and is refused with NODE_ENV=production/);
    expect(loadConfig({ ...ZOOM_MODE, NODE_ENV: 'production', BASE_URL: 'http://127.0.0.1:3001' }).baseUrl).toBe('http://127.0.0.1:3001');
    expect(loadConfig({ ...ZOOM_MODE, NODE_ENV: 'development', BASE_URL: 'http://live.example.com' }).baseUrl).toBe('http://live.example.com');
  });

  it('warns that an https BASE_URL without TRUST_PROXY will never get its cookie set behind a proxy', () => {
    const config = loadConfig(without(['TRUST_PROXY']));
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toMatch(/BASE_URL is https but TRUST_PROXY is not set.*session cookie.*never be set/);
    expect(loadConfig({ ...ZOOM_MODE, TRUST_PROXY: 'false' }).warnings).toHaveLength(1);
  });

  it('refuses a client id without its secret, a bad URL, a short session secret and ports that are not plain numbers', () => {
    expect(() => loadConfig({ ...ZOOM_MODE, ZOOM_CLIENT_SECRET: undefined })).toThrow(/: ZOOM_CLIENT_SECRET$/);
    expect(() => loadConfig({ BASE_URL: 'ftp://x' })).toThrow(/BASE_URL/);
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    // Number() would read these as 16, 1000 and 80.
    expect(() => loadConfig({ PORT: '0x10' })).toThrow(/PORT: must be a port number/);
    expect(() => loadConfig({ PORT: '1e3' })).toThrow(/PORT/);
    expect(() => loadConfig({ EMULATOR_PORT: ' 80' })).toThrow(/EMULATOR_PORT/);
    expect(() => loadConfig({ PORT: '65536' })).toThrow(/PORT/);
  });

  it('points both Zoom URLs at the emulator in sandbox mode', () => {
    const config = withZoomAt(loadConfig({}), 'http://127.0.0.1:4010');
    expect(config.zoom.oauthUrl).toBe('http://127.0.0.1:4010');
    expect(config.zoom.apiUrl).toBe('http://127.0.0.1:4010/v2');
  });

  it('in the sandbox with PORT=0 and no BASE_URL, takes BASE_URL from the port it was given', () => {
    const config = withListeningPort(loadConfig({ PORT: '0' }), 54321);
    expect(config.baseUrl).toBe('http://localhost:54321');
    expect(config.zoom.redirectUri).toBe('http://localhost:54321/oauth/callback');
    // A BASE_URL that was set is the public address: the bound port does not change it.
    expect(withListeningPort(loadConfig({ PORT: '0', BASE_URL: 'http://127.0.0.1:3999' }), 54321).baseUrl).toBe('http://127.0.0.1:3999');
    expect(withListeningPort(loadConfig({ ...ZOOM_MODE, PORT: '0' }), 54321).baseUrl).toBe('https://live.example.com');
  });
});
