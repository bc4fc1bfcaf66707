// A PKCS#10 certificate request, read far enough for describe: the subject's names and the subject
// alternative names (crypto/x509 ParseCertificateRequest). A small DER reader; no signature check.
export interface CertRequest {
  subject: { commonName: string; serialNumber: string; organization: string[]; organizationalUnit: string[]; country: string[];
    locality: string[]; province: string[]; streetAddress: string[]; postalCode: string[] };
  dnsNames: string[]; emailAddresses: string[]; ipAddresses: string[]; uris: string[];
}
interface Tlv { tag: number; start: number; end: number; next: number }

function tlv(b: Buffer, at: number): Tlv {
  const tag = b[at]!;
  let len = b[at + 1]!;
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p + i]!;
    p += n;
  }
  if (p + len > b.length) throw new Error('truncated');
  return { tag, start: p, end: p + len, next: p + len };
}
function children(b: Buffer, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = t.start; p < t.end;) { const c = tlv(b, p); out.push(c); p = c.next; }
  return out;
}
function oid(b: Buffer, t: Tlv): string {
  const bytes = b.subarray(t.start, t.end);
  const parts = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let v = 0;
  for (let i = 1; i < bytes.length; i++) { v = v * 128 + (bytes[i]! & 0x7f); if (!(bytes[i]! & 0x80)) { parts.push(v); v = 0; } }
  return parts.join('.');
}
const NAME_OIDS: Record<string, keyof CertRequest['subject']> = {
  '2.5.4.3': 'commonName', '2.5.4.5': 'serialNumber', '2.5.4.10': 'organization', '2.5.4.11': 'organizationalUnit', '2.5.4.6': 'country',
  '2.5.4.7': 'locality', '2.5.4.8': 'province', '2.5.4.9': 'streetAddress', '2.5.4.17': 'postalCode',
};

/** Parse PEM (`-----BEGIN CERTIFICATE REQUEST-----`) bytes; throws on anything else. */
export function parseCertificateRequest(pem: Buffer): CertRequest {
  const text = pem.toString('latin1');
  const m = text.match(/-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/);
  if (!m) throw new Error('PEM block type must be CERTIFICATE REQUEST');
  if (m[1] !== 'CERTIFICATE REQUEST' && m[1] !== 'NEW CERTIFICATE REQUEST') throw new Error('PEM block type must be CERTIFICATE REQUEST');
  const der = Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64');
  const out: CertRequest = {
    subject: { commonName: '', serialNumber: '', organization: [], organizationalUnit: [], country: [], locality: [], province: [], streetAddress: [], postalCode: [] },
    dnsNames: [], emailAddresses: [], ipAddresses: [], uris: [],
  };
  const csr = tlv(der, 0);
  const info = children(der, csr)[0]!;
  const [, subject, , attrs] = children(der, info);
  for (const rdn of children(der, subject!)) for (const atv of children(der, rdn)) {
    const [o, v] = children(der, atv);
    const key = NAME_OIDS[oid(der, o!)];
    if (!key) continue;
    const s = der.subarray(v!.start, v!.end).toString('utf8');
    if (key === 'commonName' || key === 'serialNumber') out.subject[key] = s; else (out.subject[key] as string[]).push(s);
  }
  if (attrs && attrs.tag === 0xa0) for (const attr of children(der, attrs)) {
    const [o, set] = children(der, attr);
    if (oid(der, o!) !== '1.2.840.113549.1.9.14') continue; // extensionRequest
    for (const exts of children(der, set!)) for (const ext of children(der, exts)) {
      const parts = children(der, ext);
      if (oid(der, parts[0]!) !== '2.5.29.17') continue;
      const value = parts[parts.length - 1]!;
      const names = tlv(der, value.start);
      for (const n of children(der, names)) {
        const raw = der.subarray(n.start, n.end);
        switch (n.tag & 0x1f) {
          case 1: out.emailAddresses.push(raw.toString('utf8')); break;
          case 2: out.dnsNames.push(raw.toString('utf8')); break;
          case 6: out.uris.push(raw.toString('utf8')); break;
          case 7: out.ipAddresses.push(raw.length === 4 ? [...raw].join('.') : ipv6(raw)); break;
        }
      }
    }
  }
  return out;
}
function ipv6(b: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}
