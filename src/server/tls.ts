// TLS material for `kctl serve`, as kubeadm makes it for a kind cluster: a self-signed CA ("kubernetes")
// and a serving certificate for the API server signed by it, with the names and addresses clients dial.
// X.509 is written by hand in DER (a few dozen lines); keys and signatures come from node:crypto (ECDSA P-256).
import crypto from 'node:crypto';

// ---------------------------------------------------------------- DER
function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  while (n > 0) { bytes.unshift(n & 0xff); n >>= 8; }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag]), len(body.length), body]);
const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
const ctx = (n: number, body: Buffer) => tlv(0xa0 + n, body);
function int(v: Buffer | number): Buffer {
  let b = typeof v === 'number' ? Buffer.from([v]) : v;
  while (b.length > 1 && b[0] === 0 && !(b[1]! & 0x80)) b = b.subarray(1);
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}
function oid(s: string): Buffer {
  const parts = s.split('.').map(Number);
  const bytes: number[] = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const enc: number[] = [p & 0x7f];
    let v = p >>> 7;
    while (v > 0) { enc.unshift(0x80 | (v & 0x7f)); v >>>= 7; }
    bytes.push(...enc);
  }
  return tlv(0x06, Buffer.from(bytes));
}
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const bool = (b: boolean) => tlv(0x01, Buffer.from([b ? 0xff : 0]));
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));
function time(d: Date): Buffer {
  const y = d.getUTCFullYear();
  const p = (n: number) => String(n).padStart(2, '0');
  const body = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return y < 2050 ? tlv(0x17, Buffer.from(`${p(y % 100)}${body}`)) : tlv(0x18, Buffer.from(`${y}${body}`));
}

const OID = {
  ecdsaSha256: '1.2.840.10045.4.3.2', cn: '2.5.4.3', o: '2.5.4.10',
  basicConstraints: '2.5.29.19', keyUsage: '2.5.29.15', extKeyUsage: '2.5.29.37', subjectAltName: '2.5.29.17',
  subjectKeyId: '2.5.29.14', authorityKeyId: '2.5.29.35', serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2',
};

function name(cn: string, org?: string): Buffer {
  const rdns = [];
  if (org) rdns.push(set(seq(oid(OID.o), utf8(org))));
  rdns.push(set(seq(oid(OID.cn), utf8(cn))));
  return seq(...rdns);
}
const ext = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

export interface Issued { certPem: string; keyPem: string; certDer: Buffer }

/** A certificate for `subject`, signed by `issuer` (itself when none: a self-signed CA). */
function issue(o: {
  cn: string; org?: string; ca: boolean; days: number; now: Date;
  dns?: string[]; ips?: string[]; usages?: string[];
  issuer?: { cn: string; key: crypto.KeyObject; keyId: Buffer };
}): Issued & { key: crypto.KeyObject; keyId: Buffer } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const keyId = crypto.createHash('sha1').update(spki).digest();
  const notBefore = new Date(o.now.getTime() - 60_000);
  const notAfter = new Date(o.now.getTime() + o.days * 86400_000);
  const exts: Buffer[] = [
    ext(OID.keyUsage, true, bits(Buffer.from([o.ca ? 0xa4 : 0xa0]), o.ca ? 1 : 5)),
    ext(OID.basicConstraints, true, o.ca ? seq(bool(true)) : seq()),
    ext(OID.subjectKeyId, false, octets(keyId)),
  ];
  if (o.usages?.length) exts.splice(1, 0, ext(OID.extKeyUsage, false, seq(...o.usages.map(oid))));
  if (o.issuer) exts.push(ext(OID.authorityKeyId, false, seq(tlv(0x80, o.issuer.keyId))));
  if (o.dns?.length || o.ips?.length) {
    const names = [
      ...(o.dns ?? []).map(d => tlv(0x82, Buffer.from(d))),
      ...(o.ips ?? []).map(ip => tlv(0x87, ipBytes(ip))),
    ];
    exts.push(ext(OID.subjectAltName, false, seq(...names)));
  }
  const alg = seq(oid(OID.ecdsaSha256));
  const tbs = seq(
    ctx(0, int(2)),
    int(crypto.randomBytes(16)),
    alg,
    name(o.issuer?.cn ?? o.cn),
    seq(time(notBefore), time(notAfter)),
    name(o.cn, o.org),
    spki,
    ctx(3, seq(...exts)),
  );
  const sig = crypto.sign('sha256', tbs, o.issuer?.key ?? privateKey);
  const der = seq(tbs, alg, bits(sig));
  return { certDer: der, certPem: pem('CERTIFICATE', der), keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, key: privateKey, keyId };
}

function ipBytes(ip: string): Buffer {
  if (ip.includes(':')) {
    const [head, tail] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail !== undefined && tail ? tail.split(':') : [];
    const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
    return Buffer.from(groups.flatMap(g => { const n = parseInt(g || '0', 16); return [n >> 8, n & 0xff]; }));
  }
  return Buffer.from(ip.split('.').map(Number));
}
function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

export interface ServingMaterial { caPem: string; certPem: string; keyPem: string }

/** A CA and an API server certificate for these names and addresses (kubeadm's apiserver SANs and more). */
export function servingMaterial(o: { now: Date; dns: string[]; ips: string[] }): ServingMaterial {
  const ca = issue({ cn: 'kubernetes', ca: true, days: 3650, now: o.now });
  const srv = issue({
    cn: 'kube-apiserver', ca: false, days: 365, now: o.now, dns: o.dns, ips: o.ips, usages: [OID.serverAuth],
    issuer: { cn: 'kubernetes', key: ca.key, keyId: ca.keyId },
  });
  return { caPem: ca.certPem, certPem: srv.certPem, keyPem: srv.keyPem };
}
