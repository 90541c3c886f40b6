// The benchmark's report: file sizes (raw and gzipped) and the markdown it prints and writes
// into docs/performance.md between its markers.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const BENCH_START = '<!-- bench:start -->';
export const BENCH_END = '<!-- bench:end -->';

export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
}

/** Raw and gzipped (zlib's default level) size of some bytes. */
export const sizeOf = (file: string, bytes: Buffer): FileSize => ({
  file,
  raw: bytes.length,
  gzip: gzipSync(bytes).length,
});

/** Every file under a build folder, by path inside it. */
export function buildFiles(dir: string): FileSize[] {
  if (!existsSync(dir)) return [];
  const walk = (at: string): string[] =>
    readdirSync(at).flatMap((name) => {
      const full = path.join(at, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
  return walk(dir)
    .filter((file) => !file.endsWith('.map'))
    .map((file) => sizeOf(path.relative(dir, file), readFileSync(file)))
    .sort((a, b) => a.file.localeCompare(b.file));
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : '–');
export const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');

/** A markdown table. */
export function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The document with the text between the benchmark's markers replaced (or added at the end). */
export function replaceSection(document: string, section: string): string {
  const block = `${BENCH_START}\n${section.trim()}\n${BENCH_END}`;
  const start = document.indexOf(BENCH_START);
  const end = document.indexOf(BENCH_END);
  if (start === -1 || end < start) return `${document.trimEnd()}\n\n${block}\n`;
  return document.slice(0, start) + block + document.slice(end + BENCH_END.length);
}
