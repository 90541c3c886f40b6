// Before any E2E test: the browsers about to run must be new enough to install the builds.
// An older browser would fail every test with an install error; this says why in one line.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  BROWSERS,
  type BrowserName,
  CHROME_BUILD,
  CHROMIUM_PATH,
  FIREFOX_BUILD,
  FIREFOX_PATH,
} from './harness';

interface Manifest {
  minimum_chrome_version?: string;
  browser_specific_settings?: { gecko?: { strict_min_version?: string } };
}

const readManifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

/** The major version a `--version` line names, e.g. "Mozilla Firefox 140.12.0esr" -> 140. */
export function majorVersion(versionLine: string): number | undefined {
  const match = /(\d+)\.\d+/.exec(versionLine);
  return match ? Number(match[1]) : undefined;
}

/** The reason a browser cannot run the suite, or undefined when it can. */
export function browserTooOld(
  name: BrowserName,
  executable: string,
  versionLine: string,
  minimum: string | undefined,
): string | undefined {
  const have = majorVersion(versionLine);
  const need = minimum ? majorVersion(`${minimum}.0`) : undefined;
  if (have === undefined || need === undefined || have >= need) return undefined;
  return `${name} at ${executable} is version ${have}, older than the build's minimum ${minimum}: run \`npm run setup\` to install Debian's current one, or point ${name === 'chromium' ? 'CHROMIUM_PATH' : 'FIREFOX_PATH'} at a newer browser.`;
}

export default function checkBrowserVersions() {
  for (const name of BROWSERS) {
    const [executable, minimum] =
      name === 'chromium'
        ? [CHROMIUM_PATH, readManifest(CHROME_BUILD).minimum_chrome_version]
        : [
            FIREFOX_PATH,
            readManifest(FIREFOX_BUILD).browser_specific_settings?.gecko?.strict_min_version,
          ];
    let versionLine: string;
    try {
      versionLine = execFileSync(executable, ['--version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      console.error(`E2E stopped: ${name} was not found at ${executable}: run \`npm run setup\`.`);
      process.exit(1);
    }
    const problem = browserTooOld(name, executable, versionLine, minimum);
    if (problem) {
      console.error(`E2E stopped: ${problem}`);
      process.exit(1);
    }
    console.log(`E2E ${name}: ${versionLine.trim()} (build needs ${minimum ?? 'any'})`);
  }
}
