import { ConfigError, loadConfig, withZoomAt } from '../src/config';

describe('loadConfig', () => {
  it('with no Zoom credentials runs in sandbox mode on loopback', () => {
    const config = loadConfig({});
    expect(config.sandbox).toBe(true);
    expect(config.host).toBe('127.0.0.1');
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.zoom.redirectUri).toBe('http://localhost:3000/oauth/callback');
    expect(config.session.cookieName).toBe('zls.sid');
    expect(config.session.secure).toBe(false);
  });

  it('with credentials talks to the real Zoom', () => {
    const config = loadConfig({ ZOOM_CLIENT_ID: 'id', ZOOM_CLIENT_SECRET: 'secret', BASE_URL: 'https://live.example.com/' });
    expect(config.sandbox).toBe(false);
    expect(config.zoom.oauthUrl).toBe('https://zoom.us');
    expect(config.zoom.apiUrl).toBe('https://api.zoom.us/v2');
    expect(config.zoom.redirectUri).toBe('https://live.example.com/oauth/callback');
    expect(config.session.secure).toBe(true);
    expect(config.session.cookieName).toBe('__Host-zls.sid');
    expect(config.host).toBe('0.0.0.0');
  });

  it('in production names every missing secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      new ConfigError('Missing required settings for NODE_ENV=production: ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET, BASE_URL, SESSION_SECRET, TOKEN_ENCRYPTION_KEYS, ZOOM_WEBHOOK_SECRET_TOKEN'),
    );
  });

  it('refuses a client id without its secret, a bad URL and a short session secret', () => {
    expect(() => loadConfig({ ZOOM_CLIENT_ID: 'id' })).toThrow('ZOOM_CLIENT_SECRET is required');
    expect(() => loadConfig({ BASE_URL: 'ftp://x' })).toThrow(/BASE_URL/);
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('points both Zoom URLs at the emulator in sandbox mode', () => {
    const config = withZoomAt(loadConfig({}), 'http://127.0.0.1:4010');
    expect(config.zoom.oauthUrl).toBe('http://127.0.0.1:4010');
    expect(config.zoom.apiUrl).toBe('http://127.0.0.1:4010/v2');
  });
});
