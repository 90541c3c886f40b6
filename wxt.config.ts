import { defineConfig } from 'wxt';

// Manifest is written in MV3 form; WXT converts it for Firefox (MV2).
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    short_name: 'Residency',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage'],
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
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'residency@residency.tools',
              strict_min_version: '142.0',
              // Residency sends data only to Meta's Graph API on the user's behalf; nothing to us.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
