// `npm run check:sources`: does what an addons.mozilla.org reviewer does with our sources archive
// (docs/store-review.md). Zips the Firefox build and its sources, unpacks the sources into an
// empty folder, installs and builds there exactly as the steps say, and compares every built file
// with the one in the shipped package. Fails when the archive holds test output or anything git
// does not track, or when a rebuilt file differs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { trackedSourceFiles } from '../../wxt.config';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Every file below a folder, as sorted relative paths. */
function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      return statSync(full).isDirectory() ? filesBelow(full, rel) : [rel];
    })
    .sort();
}

const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
console.log('Zipping the Firefox build and its sources (wxt zip -b firefox)');
run('npx', ['wxt', 'zip', '-b', 'firefox'], ROOT);
const shippedZip = path.join(ROOT, `.output/residency-${version}-firefox.zip`);
const sourcesZip = path.join(ROOT, `.output/residency-${version}-sources.zip`);

const work = mkdtempSync(path.join(tmpdir(), 'residency-review-'));
const problems: string[] = [];
try {
  const sources = path.join(work, 'sources');
  const shipped = path.join(work, 'shipped');
  run('unzip', ['-q', sourcesZip, '-d', sources], ROOT);
  run('unzip', ['-q', shippedZip, '-d', shipped], ROOT);

  const tracked = new Set(trackedSourceFiles());
  const archived = filesBelow(sources);
  for (const file of archived)
    if (!tracked.has(file))
      problems.push(`the sources archive holds ${file}, which git does not track`);
  for (const file of tracked)
    if (!archived.includes(file)) problems.push(`the sources archive lacks tracked file ${file}`);
  console.log(`Sources archive: ${archived.length} files, ${tracked.size} tracked by git`);

  // The reviewer's steps, as docs/store-review.md gives them.
  console.log(`Rebuilding in ${sources}: npm ci, then npm run build:firefox`);
  run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], sources);
  run('npm', ['run', 'build:firefox'], sources);

  const rebuiltDir = path.join(sources, '.output/firefox-mv2');
  const rebuilt = filesBelow(rebuiltDir);
  const shippedFiles = filesBelow(shipped);
  for (const file of shippedFiles) {
    if (!rebuilt.includes(file)) problems.push(`the rebuild lacks ${file}`);
    else if (
      !readFileSync(path.join(rebuiltDir, file)).equals(readFileSync(path.join(shipped, file)))
    )
      problems.push(`the rebuilt ${file} differs from the shipped one`);
  }
  for (const file of rebuilt)
    if (!shippedFiles.includes(file))
      problems.push(`the rebuild has ${file}, the package does not`);
  console.log(`Compared ${shippedFiles.length} shipped files with the rebuild`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

for (const problem of problems) console.log(`  ${problem}`);
if (problems.length > 0) {
  console.log(`Sources archive check failed: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log('Sources archive check passed: only tracked files, and they rebuild identical files');
