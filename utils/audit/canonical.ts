/**
 * The canonical JSON form of a value: object keys sorted (by UTF-16 code units), no
 * whitespace, `undefined` members left out, strings and numbers written as JSON.stringify
 * writes them. For the values Residency stores (strings, finite numbers, booleans, null,
 * arrays and plain objects) this is the JSON Canonicalization Scheme of RFC 8785, so anyone
 * can recompute a hash of it with any JCS library or a few lines of code.
 * @example canonicalJson({ b: 1, a: [true, 'x'] }) // '{"a":[true,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} has no JSON form.`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value))
        return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
      const members = Object.entries(value as Record<string, unknown>)
        .filter(([, member]) => member !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`A ${typeof value} has no JSON form.`);
  }
}

/** The SHA-256 of a text's UTF-8 bytes, as 64 lowercase hex digits (WebCrypto, so it runs in
 * the service worker, Firefox's background page, extension pages and Node alike). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
