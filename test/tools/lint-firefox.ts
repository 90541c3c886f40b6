// Runs Mozilla's add-on linter on the Firefox build. Fails on any error or warning except the
// UNSAFE_VAR_ASSIGNMENT warnings raised by react-dom's own bundled code, which are counted.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
}

const source = path.resolve(import.meta.dirname, '../../.output/firefox-mv2');
let output: string;
try {
  output = execFileSync(
    'npx',
    ['web-ext', 'lint', '--source-dir', source, '--output', 'json', '--no-config-discovery'],
    {
      encoding: 'utf8',
    },
  );
} catch (error) {
  // web-ext exits non-zero when it finds errors; the JSON is still on stdout.
  output = (error as { stdout?: string }).stdout ?? '';
}
const report = JSON.parse(output.slice(output.indexOf('{'))) as {
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
};

// react-dom assigns innerHTML in its own code (dangerouslySetInnerHTML support); Residency never uses it.
const isReactDomInnerHtml = (m: LintMessage) =>
  m.code === 'UNSAFE_VAR_ASSIGNMENT' && /chunks\/.*\.js$/.test(m.file ?? '');
const tolerated = report.warnings.filter(isReactDomInnerHtml);
const problems = [...report.errors, ...report.warnings.filter((m) => !isReactDomInnerHtml(m))];

console.log(
  `web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings (${tolerated.length} tolerated UNSAFE_VAR_ASSIGNMENT in react-dom), ${report.notices.length} notices`,
);
for (const m of problems)
  console.log(`  ${m.code}: ${m.message} ${m.file ?? ''}${m.line ? `:${m.line}` : ''}`);
if (problems.length > 0) process.exit(1);
