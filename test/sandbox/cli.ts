// `npm run sandbox`: the sandbox on its own, for manual testing with any Chromium.
import { BUSINESS_ID, SANDBOX_TOKEN, startSandbox, WABA_MAIN } from './index';

const port = Number(process.argv[2] ?? process.env.SANDBOX_PORT ?? 8443);
const sandbox = await startSandbox({ port });
console.log(`Residency sandbox on ${sandbox.origin}

Start Chromium with:
  chromium --user-data-dir=$(mktemp -d) --load-extension=.output/chrome-mv3 \\
    '--host-resolver-rules=MAP graph.facebook.com 127.0.0.1:${sandbox.port}, MAP business.facebook.com 127.0.0.1:${sandbox.port}' \\
    --ignore-certificate-errors-spki-list=${sandbox.spkiBase64} \\
    'https://business.facebook.com/wa/manage/phone-numbers/?business_id=${BUSINESS_ID}&waba_id=${WABA_MAIN}'

Token to save in Residency's settings: ${SANDBOX_TOKEN}
Control API: ${sandbox.origin}/__sandbox/ (reset, requests, fault, graph-error, latency, clock, phones/<id>, codes/<id>)
Ctrl+C stops it.`);
process.on('SIGINT', () => void sandbox.close().then(() => process.exit(0)));
