import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';

/**
 * deploy/env.example is what an operator copies to /etc/zoom-livestream/env: it must name every setting
 * the app reads, leave the unit's own settings alone (systemd lets the file override Environment=), and,
 * once its blanks are filled, be a production configuration the app accepts without a warning.
 */
const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** The assignments an EnvironmentFile sets: NAME=value lines, comments left out. */
function assignments(text: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) found[match[1]] = match[2];
  }
  return found;
}

describe('deploy/env.example', () => {
  const example = read('deploy/env.example');

  it('names every variable src/config-env.ts declares', () => {
    const schema = /const EnvSchema = z\.object\(\{\n([\s\S]*?)\n\}\);/.exec(read('src/config-env.ts'))![1];
    const names = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]);
    expect(names).toEqual(expect.arrayContaining(['PORT', 'BASE_URL', 'DATABASE_URL', 'REDIS_URL', 'TOKEN_ENCRYPTION_KEYS']));
    expect(names.filter((name) => !new RegExp(`\\b${name}\\b`).test(example))).toEqual([]);
  });

  it('sets none of the variables the systemd unit sets per instance (the file would override them)', () => {
    expect(Object.keys(assignments(example)).filter((name) => ['NODE_ENV', 'PORT', 'HOST', 'DATA_DIR', 'INSTANCE_NAME'].includes(name))).toEqual([]);
  });

  it('with its blanks filled, is a production configuration for several instances that starts without a warning', () => {
    const filled = Object.fromEntries(Object.entries(assignments(example)).map(([name, value]) => [name, value || `filled-${name.toLowerCase()}-0123456789abcdef0123456789`]));
    filled.TOKEN_ENCRYPTION_KEYS = `k1:${Buffer.alloc(32, 1).toString('base64')}`;

    const config = loadConfig({ ...filled, NODE_ENV: 'production', PORT: '3001', HOST: '127.0.0.1', DATA_DIR: '/var/lib/zoom-livestream' });

    expect(config).toMatchObject({ env: 'production', sandbox: false, trustProxy: 1, warnings: [] });
    expect(config.session).toMatchObject({ store: 'redis', cookieName: '__Host-zls.sid', secure: true });
    expect(config.databaseUrl).toMatch(/^postgres:\/\//);
  });
});
