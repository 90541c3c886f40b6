// A throwaway certificate, made at start and never written to disk, for the host names the
// browser is pointed at. Chromium trusts it by its key hash (--ignore-certificate-errors-spki-list).
import { createHash, createPublicKey } from 'node:crypto';
import selfsigned from 'selfsigned';

const DAY = 86_400_000;

export interface SandboxCertificate {
  cert: string;
  key: string;
  /** base64(SHA-256(DER SubjectPublicKeyInfo)). */
  spkiBase64: string;
}

export async function makeCertificate(): Promise<SandboxCertificate> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'Residency sandbox' }], {
    keySize: 2048,
    // selfsigned defaults to SHA-1, which browsers refuse.
    algorithm: 'sha256',
    // A day back tolerates clock skew; a few days ahead is enough for any test run.
    notBeforeDate: new Date(Date.now() - DAY),
    notAfterDate: new Date(Date.now() + 5 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'graph.facebook.com' },
          { type: 2, value: 'business.facebook.com' },
          { type: 2, value: 'developers.facebook.com' },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const spki = createPublicKey(pems.cert).export({ type: 'spki', format: 'der' });
  return {
    cert: pems.cert,
    key: pems.private,
    spkiBase64: createHash('sha256').update(spki).digest('base64'),
  };
}
