import { randomBytes } from 'node:crypto';
import { VaultKeyError, createTokenVault } from '../../src/credentials/vault';

const key = () => randomBytes(32).toString('base64');

describe('token vault (AES-256-GCM)', () => {
  it('seals to text that does not contain the secret and opens it again', () => {
    const vault = createTokenVault(`k1:${key()}`, 'unused');
    const sealed = vault.seal('emu_at_secret-token');
    expect(sealed).toMatch(/^v1\.k1\./);
    expect(sealed).not.toContain('secret-token');
    expect(vault.open(sealed)).toBe('emu_at_secret-token');
  });

  it('uses a fresh IV each time', () => {
    const vault = createTokenVault(undefined, 'a-session-secret-of-sufficient-length');
    expect(vault.seal('same')).not.toBe(vault.seal('same'));
  });

  it('refuses a tampered value', () => {
    const vault = createTokenVault(`k1:${key()}`, 'unused');
    const parts = vault.seal('token').split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(vault.open(parts.join('.'))).toBeUndefined();
  });

  it('rotates: a new first key seals, the old key still opens, and a retired key opens nothing', () => {
    const oldKey = `k1:${key()}`;
    const before = createTokenVault(oldKey, 'unused').seal('old-session-token');
    const rotated = createTokenVault(`k2:${key()},${oldKey}`, 'unused');
    expect(rotated.open(before)).toBe('old-session-token');
    expect(rotated.seal('x')).toMatch(/^v1\.k2\./);
    const retired = createTokenVault(`k2:${key()}`, 'unused');
    expect(retired.open(before)).toBeUndefined();
  });

  it('rejects a malformed key list', () => {
    expect(() => createTokenVault('k1:short', 'unused')).toThrow(VaultKeyError);
    expect(() => createTokenVault('bad id!:' + key(), 'unused')).toThrow(VaultKeyError);
  });
});
