// axe-core in a Residency document: WCAG 2.x A/AA rules plus axe's best practices.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'puppeteer-core';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export interface Violation {
  id: string;
  help: string;
  nodes: string[];
}

export async function violations(scope: Page | Frame): Promise<Violation[]> {
  await scope.evaluate(AXE_SOURCE);
  return scope.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n: any) => n.target.join(' ')),
    }));
  });
}

/**
 * axe-core in the light and in the dark scheme (as the settings choice sets it: `data-theme`
 * on the document, utils/ui/appearance.ts); each violation names the scheme it was found in.
 * The document is left as it was.
 */
export async function violationsLightAndDark(scope: Page | Frame): Promise<Violation[]> {
  const found: Violation[] = [];
  const was = await scope.evaluate(() => document.documentElement.dataset.theme ?? null);
  for (const scheme of ['light', 'dark'] as const) {
    await scope.evaluate((s) => {
      document.documentElement.dataset.theme = s;
    }, scheme);
    for (const v of await violations(scope)) found.push({ ...v, id: `${v.id} (${scheme})` });
  }
  await scope.evaluate((w) => {
    if (w) document.documentElement.dataset.theme = w;
    else delete document.documentElement.dataset.theme;
  }, was);
  return found;
}
