import { describe, expect, it } from 'vitest';
import { browserTooOld, majorVersion } from '../e2e/browser-versions';

describe('E2E browser version check', () => {
  it('reads the major version from the browsers own --version lines', () => {
    expect(majorVersion('Mozilla Firefox 140.12.0esr')).toBe(140);
    expect(majorVersion('Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)')).toBe(
      156,
    );
    expect(majorVersion('no version here')).toBeUndefined();
  });

  it('stops on a browser older than the manifest minimum, with what to do', () => {
    const line = browserTooOld(
      'firefox',
      '/usr/bin/firefox-esr',
      'Mozilla Firefox 128.9.0esr',
      '140.0',
    );
    expect(line).toContain('version 128, older than the build');
    expect(line).toContain('npm run setup');
    expect(line).toContain('FIREFOX_PATH');
  });

  it('accepts the minimum itself, newer versions and a manifest without a minimum', () => {
    expect(browserTooOld('firefox', 'ff', 'Mozilla Firefox 140.12.0esr', '140.0')).toBeUndefined();
    expect(browserTooOld('chromium', 'c', 'Chromium 156.0.1 built', '110')).toBeUndefined();
    expect(browserTooOld('chromium', 'c', 'Chromium 109.0.1 built', '110')).toContain(
      'CHROMIUM_PATH',
    );
    expect(browserTooOld('chromium', 'c', 'Chromium 99.0.1', undefined)).toBeUndefined();
  });
});
