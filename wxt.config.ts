import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { defineConfig } from 'wxt';

// The panel frame's per-session origin (use_dynamic_url) is what keeps a page from probing for
// Residency by its extension id; Chrome honours it from 130. Why each minimum: docs/permissions.md.
const MINIMUM_CHROME_VERSION = '130';

/**
 * The files a store reviewer gets to rebuild from: what git tracks, minus dotfiles (CI, git
 * config). WXT would otherwise zip the whole folder, test output and local files included.
 */
export function trackedSourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' });
  return listed
    .split('\0')
    .filter((file) => file && !file.split('/').some((part) => part.startsWith('.')));
}

/** What rolldown tells a chunk-naming function about a module. */
type ModuleGraph = { getModuleInfo(id: string): { importedIds: readonly string[] } | null };

/**
 * Everything the popup imports from outside its own folder goes into one chunk, so the popup
 * loads three scripts (its own, that chunk, rolldown's runtime) instead of ten: the browser
 * fetches them from the extension before any of them runs (about 10 ms of a warm popup's 70,
 * docs/performance.md). Other pages load that chunk for the modules they share with the popup.
 * The popup's own modules (entrypoints/popup/) stay out of it: they run on import (mount the
 * popup, follow the active tab), which no other page may do.
 */
export function popupInOneChunk() {
  const root = path.resolve(import.meta.dirname);
  const entry = path.join(root, 'entrypoints/popup/index.html');
  const pageCode = path.join(root, 'entrypoints') + path.sep;
  let shared: Set<string> | undefined;
  return (id: string, graph: ModuleGraph) => {
    if (!shared) {
      shared = new Set();
      const seen = new Set<string>();
      const stack = [entry];
      for (let next = stack.pop(); next; next = stack.pop()) {
        if (seen.has(next)) continue;
        seen.add(next);
        if (next !== entry && !next.startsWith(pageCode)) shared.add(next);
        stack.push(...(graph.getModuleInfo(next)?.importedIds ?? []));
      }
    }
    return shared.has(id) ? 'popup-modules' : null;
  };
}

// Manifest is written in MV3 form; WXT converts it for Firefox (MV2).
export default defineConfig({
  // No auto-imports: every module says what it uses. (An auto-import once took a parameter
  // named `storage` for WXT's storage and put that module into every page's bundle.)
  imports: false,
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // Sources archive for addons.mozilla.org: only tracked files (docs/store-review.md).
  zip: { excludeSources: ['**/*'] },
  hooks: {
    // Only the build of the extension's pages (the popup's group); the background and the
    // content script are single files already.
    'vite:build:extendConfig': (entrypoints, viteConfig) => {
      if (!entrypoints.some((e) => e.name === 'popup')) return;
      viteConfig.build ??= {};
      viteConfig.build.rollupOptions ??= {};
      const output = viteConfig.build.rollupOptions.output;
      if (Array.isArray(output)) return;
      viteConfig.build.rollupOptions.output = {
        ...output,
        codeSplitting: { groups: [{ name: popupInOneChunk() }] },
      } as typeof output;
    },
    'zip:sources:start': (wxt) => {
      wxt.config.zip.includeSources = trackedSourceFiles();
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    short_name: 'Residency',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // alarms: a fleet scan's rate-limit wait can outlast the service worker (docs/permissions.md).
    permissions: ['storage', 'alarms'],
    host_permissions: ['https://graph.facebook.com/*', 'https://business.facebook.com/*'],
    action: { default_title: '__MSG_actionTitle__' },
    // The content script is an unlisted script declared here rather than a WXT content script,
    // whose context announces itself to the page (entrypoints/manager-overlay.ts).
    content_scripts: [
      {
        matches: ['https://business.facebook.com/*'],
        js: ['manager-overlay.js'],
        run_at: 'document_idle',
      },
    ],
    // The panel is an extension page framed into Manager pages, so secrets never touch the page
    // DOM. Chrome: only Manager pages may load it, from a per-session origin (use_dynamic_url) so
    // the extension's id is not what a page sees. Firefox MV2 keeps only the file name here.
    web_accessible_resources: [
      {
        resources: ['panel.html'],
        matches: ['https://business.facebook.com/*'],
        use_dynamic_url: true,
      },
    ],
    commands: {
      'open-overlay': {
        suggested_key: { default: 'Alt+Shift+R' },
        description: '__MSG_commandOpenOverlay__',
      },
    },
    // Supported versions and why: docs/permissions.md ("Browser versions").
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'residency@residency.tools',
              // 140 is the first desktop Firefox (and ESR) that reads data_collection_permissions.
              strict_min_version: '140.0',
              // Residency sends data only to Meta's Graph API on the user's behalf; nothing to us.
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android reads data_collection_permissions from 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : { minimum_chrome_version: MINIMUM_CHROME_VERSION }),
  }),
});
