/**
 * Certificates and keys arrive as PEM text or, as Kibana stores them, base64 of the PEM (or of
 * the PKCS#12 bytes for pfx). These helpers accept both.
 */

const BASE64 = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;

/** PEM text from PEM or base64-of-PEM; undefined when it is neither. */
export function pemText(value: string): string | undefined {
  if (value.includes('-----BEGIN')) return value;
  if (!BASE64.test(value)) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return decoded.includes('-----BEGIN') ? decoded : undefined;
}

/** PKCS#12 bytes from base64; undefined when it is not base64. */
export function pfxBytes(value: string): Buffer | undefined {
  if (!BASE64.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length > 0 ? bytes : undefined;
}
