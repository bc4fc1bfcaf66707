// describe certificatesigningrequest (kubectl's CertificateSigningRequestDescriber): the requesting user,
// signer, status and the subject and alternative names read from the PKCS#10 request.
import type { KObject } from '../../api/types';
import { PrefixWriter, LEVEL_0 } from './writer';
import { DescribeContext, formatLabels, ts, eventsFor, describeEvents } from './common';

/** Pending/Approved/Denied, then ,Failed and ,Issued (extractCSRStatus). */
export function csrStatus(o: KObject): string {
  const conds: any[] = (o.status as any)?.conditions ?? [];
  const has = (t: string) => conds.some(c => c?.type === t);
  let s = has('Denied') ? 'Denied' : has('Approved') ? 'Approved' : 'Pending';
  if (has('Failed')) s += ',Failed';
  if ((o.status as any)?.certificate) s += ',Issued';
  return s;
}

export function describeCSR(o: KObject, ctx: DescribeContext): string {
  const { parseCertificateRequest } = require('../../util/pkcs10') as typeof import('../../util/pkcs10');
  const spec = (o.spec ?? {}) as any;
  const cr = parseCertificateRequest(Buffer.from(String(spec.request ?? ''), 'base64'));
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${o.metadata.name}\n`);
  w.write(LEVEL_0, `Labels:\t${formatLabels(o.metadata.labels)}\n`);
  w.write(LEVEL_0, `Annotations:\t${formatLabels(o.metadata.annotations)}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${ts(o.metadata.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Requesting User:\t${spec.username ?? ''}\n`);
  if (spec.signerName) w.write(LEVEL_0, `Signer:\t${spec.signerName}\n`);
  if (typeof spec.expirationSeconds === 'number') {
    const { humanDuration } = require('../../util/duration') as typeof import('../../util/duration');
    w.write(LEVEL_0, `Requested Duration:\t${humanDuration(spec.expirationSeconds * 1000)}\n`);
  }
  w.write(LEVEL_0, `Status:\t${csrStatus(o)}\n`);
  // printListHelper: the values joined by a newline and the prefix
  const list = (name: string, xs: string[]) => { if (xs.length) w.write(LEVEL_0, `\t${name}:\t${xs.join('\n\t\t')}\n`); };
  w.write(LEVEL_0, 'Subject:\n');
  w.write(LEVEL_0, `\tCommon Name:\t${cr.subject.commonName}\n`);
  w.write(LEVEL_0, `\tSerial Number:\t${cr.subject.serialNumber}\n`);
  list('Organization', cr.subject.organization);
  list('Organizational Unit', cr.subject.organizationalUnit);
  list('Country', cr.subject.country);
  list('Locality', cr.subject.locality);
  list('Province', cr.subject.province);
  list('StreetAddress', cr.subject.streetAddress);
  list('PostalCode', cr.subject.postalCode);
  if (cr.dnsNames.length + cr.emailAddresses.length + cr.ipAddresses.length + cr.uris.length > 0) {
    w.write(LEVEL_0, 'Subject Alternative Names:\n');
    list('DNS Names', cr.dnsNames);
    list('Email Addresses', cr.emailAddresses);
    list('URIs', cr.uris);
    list('IP Addresses', cr.ipAddresses);
  }
  describeEvents(eventsFor(o, ctx), w, ctx.now);
  return w.toString();
}
