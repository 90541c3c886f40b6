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
    // The panel is an extension page framed into Manager pages, so secrets never touch the page DOM.
    web_accessible_resources: [
      { resources: ['panel.html'], matches: ['https://business.facebook.com/*'] },
    ],
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
