// CertificateSigningRequest (certificates.k8s.io/v1), as pkg/registry/certificates/certificates does it:
// the requesting user recorded on create, status cleared, spec immutable, the request validated as a
// PEM CERTIFICATE REQUEST. Approval conditions are written by the approval step (`kctl certificate
// approve|deny`), with the timestamps the API server fills in. kctl has no signer: approved requests stay
// without a certificate.
import type { Strategy } from './types';
import type { KObject } from '../types';
import type { FieldError } from '../errors';

/** The user kind's kubeconfig authenticates as (kubeadm 1.29+). */
export const REQUESTING_USER = { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };

const SIGNER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[^/]+$/;
const USAGES = ['signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment',
  'cert sign', 'crl sign', 'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing', 'email protection',
  's/mime', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc'];

function goBytes(b: Buffer): string {
  return `[]byte{${[...b].map(x => `0x${x.toString(16)}`).join(', ')}}`;
}

function validate(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = (o.spec ?? {}) as any;
  const req = Buffer.from(String(spec.request ?? ''), 'base64');
  try {
    (require('../../util/pkcs10') as typeof import('../../util/pkcs10')).parseCertificateRequest(req);
  } catch (e) {
    errs.push({ field: 'spec.request', type: 'Invalid', omitValue: true, detail: `${goBytes(req)}: ${(e as Error).message === 'PEM block type must be CERTIFICATE REQUEST' ? (e as Error).message : 'invalid certificate request'}` });
  }
  if (!spec.signerName) errs.push({ field: 'spec.signerName', type: 'Required' });
  else if (!SIGNER.test(spec.signerName)) errs.push({ field: 'spec.signerName', type: 'Invalid', value: spec.signerName, detail: 'must be a fully qualified domain and path of the form \'example.com/signer-name\'' });
  if (!Array.isArray(spec.usages) || !spec.usages.length) errs.push({ field: 'spec.usages', type: 'Required' });
  else spec.usages.forEach((u: string, i: number) => { if (!USAGES.includes(u)) errs.push({ field: `spec.usages[${i}]`, type: 'NotSupported', value: u, detail: `supported values: ${USAGES.map(x => JSON.stringify(x)).join(', ')}` }); });
  if (spec.expirationSeconds !== undefined && spec.expirationSeconds < 600) errs.push({ field: 'spec.expirationSeconds', type: 'Invalid', value: spec.expirationSeconds, detail: 'may not specify a duration less than 600 seconds (10 minutes)' });
  return errs;
}

export const csrStrategy: Strategy = {
  prepareForCreate(o) {
    const spec = (o.spec ??= {}) as any;
    spec.username = REQUESTING_USER.username;
    spec.groups = [...REQUESTING_USER.groups];
    delete spec.uid; delete spec.extra;
    delete o.status;
    o.status = {};
  },
  prepareForUpdate(o, old) {
    o.spec = old.spec; // spec is immutable; status (conditions) only through approval or status
  },
  validate,
};
