import { ConfigError, loadConfig, withGoogleAt } from '../../src/config';

/** YOUTUBE_DAILY_QUOTA: the Google project's daily budget, a positive whole number, 10,000 (YouTube's default) unless set. */
describe('YOUTUBE_DAILY_QUOTA', () => {
  it('is 10000 units by default, and the sandbox\'s emulator settings keep it', () => {
    const config = loadConfig({});
    expect(config.google?.dailyUnits).toBe(10_000);
    expect(withGoogleAt(config, 'http://127.0.0.1:4011').google?.dailyUnits).toBe(10_000);
  });

  it('takes a project\'s raised quota as set, also through withGoogleAt', () => {
    const config = loadConfig({ YOUTUBE_DAILY_QUOTA: '250000' });
    expect(config.google?.dailyUnits).toBe(250_000);
    expect(withGoogleAt(config, 'http://127.0.0.1:4011').google?.dailyUnits).toBe(250_000);
  });

  it.each(['0', '-5', '1e4', '0x10', '10000.5', 'ten thousand', ''])('refuses %j, naming the setting', (value) => {
    expect(() => loadConfig({ YOUTUBE_DAILY_QUOTA: value })).toThrow(ConfigError);
    expect(() => loadConfig({ YOUTUBE_DAILY_QUOTA: value })).toThrow(/YOUTUBE_DAILY_QUOTA/);
  });
});
