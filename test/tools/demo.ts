// `npm run demo`: the product without a Meta account. Starts the sandbox (a local stand-in for
// the Graph API and WhatsApp Manager), opens Chromium with the built extension, stores the
// sandbox token through the options page as a person would, and opens a Manager page.
// Headed when a display exists; otherwise headless, writing screenshots and saying where.

import { launchChromium, SCREENSHOTS } from '../e2e/harness';
import {
  clickButton,
  fillLabelled,
  openCard,
  panelFrame,
  waitForStatus,
  waitForText,
} from '../e2e/ui';
import { BUSINESS_ID, SANDBOX_TOKEN, WABA_MAIN, WABA_SCALE } from '../sandbox';

const headless = !process.env.DISPLAY;
const session = await launchChromium({ headless });
const stop = async () => {
  await session.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const manager = (path: string) => `https://business.facebook.com${path}`;
const pages = {
  brazil: manager(
    `/latest/whatsapp_manager/phone_numbers/?business_id=${BUSINESS_ID}&tab=phone-numbers&nav_ref=whatsapp_manager&asset_id=${WABA_MAIN}&childRoute=PHONE_PROFILE%2FINSIGHTS&phone_number=55%2011%204000-0002`,
  ),
  waba: manager(`/wa/manage/phone-numbers/?business_id=${BUSINESS_ID}&waba_id=${WABA_MAIN}`),
  scale: manager(`/wa/manage/phone-numbers/?business_id=${BUSINESS_ID}&waba_id=${WABA_SCALE}`),
};

const options = await session.open(session.extensionUrl('options.html'));
await fillLabelled(options, 'System user access token', SANDBOX_TOKEN);
await clickButton(options, 'Save and check token');
await waitForText(options, 'Token works');
await session.screenshot(options, 'demo-options');
await options.close();

const page = await session.open(pages.brazil);
await waitForStatus(await panelFrame(page), /BR Brazil/);
await session.screenshot(page, 'demo-manager-brazil');
await waitForStatus(await openCard(page), /In-country storage/);
await session.screenshot(page, 'demo-manager-brazil-card');
const popup = await session.openPopup(page);
await waitForStatus(popup, /In-country storage/);
await session.screenshot(popup, 'demo-popup');

console.log(`
Residency demo is running.
  Sandbox (Graph API + WhatsApp Manager stand-in): ${session.sandbox.origin}
  Sandbox token: ${SANDBOX_TOKEN}
  Try these Manager pages:
    ${pages.brazil}
    ${pages.waba}
    ${pages.scale}
${headless ? `  No display found, so Chromium runs headless. Screenshots: ${SCREENSHOTS}/chromium-demo-*.png\n` : ''}  Press Ctrl+C to stop.`);
if (headless && process.env.DEMO_EXIT === '1') await stop();
