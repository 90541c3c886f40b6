// `npm run sandbox [port]`: the sandbox on its own, for manual testing with a hand-started
// browser. Port from argv, then SANDBOX_PORT, default 8443.
import {
  BUSINESS_ID,
  SANDBOX_TOKEN,
  startSandbox,
  TOKEN_FLEET,
  WABA_MAIN,
  WABA_SCALE,
} from './index';

const port = Number(process.argv[2] ?? process.env.SANDBOX_PORT ?? 8443);
const sandbox = await startSandbox({ port });
const manager = 'https://business.facebook.com';
const list = (waba: string) =>
  `${manager}/wa/manage/phone-numbers/?business_id=${BUSINESS_ID}&waba_id=${waba}`;

console.log(`Residency sandbox on ${sandbox.origin} (Graph API and WhatsApp Manager stand-ins)

Chromium:
  chromium --user-data-dir="$(mktemp -d)" --load-extension=.output/chrome-mv3 \\
    '--host-resolver-rules=MAP graph.facebook.com 127.0.0.1:${sandbox.port}, MAP business.facebook.com 127.0.0.1:${sandbox.port}' \\
    --ignore-certificate-errors-spki-list=${sandbox.spkiBase64} \\
    '${list(WABA_MAIN)}'

Firefox (needs port 443: run with 443 as the port): about:config
  network.dns.forceResolve = 127.0.0.1, then accept the certificate warning once per host.

Token to save in Residency's settings:
  ${SANDBOX_TOKEN}
The fleet's token (20 WABAs, 2,000 numbers; rate limits in test/sandbox/rate-limits.ts):
  ${TOKEN_FLEET}

Pages: ${list(WABA_MAIN)}
       ${list(WABA_SCALE)}
Control API: ${sandbox.origin}/__sandbox/  (see ${sandbox.origin}/ for the routes)
Ctrl+C stops it.`);

const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
