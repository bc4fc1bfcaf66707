// kubectl certificate approve|deny: add the Approved or Denied condition to CertificateSigningRequests
// through the approval step (k8s.io/kubectl/pkg/cmd/certificates). The API server stamps the condition's
// times (populateConditionTimestamps); kctl has no signer, so no certificate is issued.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import type { KObject } from '../../api/types';
import { openSession, addFilenameFlags, reportErrors } from './common';

export function register(program: Command, ctx: VerbContext): void {
  const cert = program.command('certificate').description('Modify certificate resources.').argument('[args...]')
    .action((args: string[]) => { throw new CliError(`unknown command ${JSON.stringify(args[0])}\nSee 'kctl certificate -h' for help and examples`); });
  for (const [verb, want, other, reason, message] of [
    ['approve', 'Approved', 'Denied', 'KubectlApprove', 'This CSR was approved by kubectl certificate approve.'],
    ['deny', 'Denied', 'Approved', 'KubectlDeny', 'This CSR was denied by kubectl certificate deny.'],
  ] as const) {
    const c = cert.command(verb).description(`${verb === 'approve' ? 'Approve' : 'Deny'} a certificate signing request.`)
      .argument('[names...]')
      .option('--force', `Update the CSR even if it is already ${want.toLowerCase()}.`, false)
      .option('-o, --output <format>', 'Output format.')
      .action((names: string[], opts: any) => modify(ctx, `kctl certificate ${verb}`, names, opts, { want, other, reason, message, op: want.toLowerCase() }));
    addFilenameFlags(c, 'identifying the resource to update');
  }
}

interface Change { want: string; other: string; reason: string; message: string; op: string }

function modify(ctx: VerbContext, cmdPath: string, names: string[], opts: any, ch: Change): void {
  void cmdPath;
  const { parseOutput, printObjects } = require('../printers') as typeof import('../printers');
  const { OUTPUT_FORMATS } = require('../generators/common') as typeof import('../generators/common');
  const fmt = opts.output ? parseOutput(opts.output, OUTPUT_FORMATS) : undefined;
  if (!names.length && !opts.filename.length) throw new CliError('one or more CSRs must be specified as <name> or -f <filename>');
  const s = openSession(ctx);
  try {
    const { resolve } = require('../builder') as typeof import('../builder');
    const { byGroupResource } = require('../../api/discovery') as typeof import('../../api/discovery');
    const ri = byGroupResource('certificates.k8s.io', 'certificatesigningrequests')!;
    const res = s.step(rt => {
      const r = resolve(rt.api, {
        args: names.length ? ['certificatesigningrequests', ...names] : [], filenames: opts.filename, recursive: opts.recursive,
        namespace: s.namespace, explicitNamespace: s.explicitNamespace,
      });
      const done: KObject[] = [];
      const errors = [...r.errors];
      for (const item of r.items) {
        if (item.ri.kind !== 'CertificateSigningRequest') { errors.push(new CliError(`can only handle certificates.k8s.io/CertificateSigningRequest objects, got ${item.ri.kind}${item.ri.group ? `.${item.ri.group}` : ''}`)); continue; }
        const csr = rt.api.get(ri, undefined, item.name);
        const conds: any[] = [...(((csr.status as any)?.conditions) ?? [])];
        const bad = conds.find(x => x.type === ch.other);
        if (bad) { errors.push(new CliError(`certificate signing request ${JSON.stringify(csr.metadata.name)} is already ${bad.type}`)); continue; }
        const has = conds.some(x => x.type === ch.want);
        if (!has || opts.force) {
          const now = new Date(rt.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
          const prev = conds.find(x => x.type === ch.want && x.status === 'True');
          conds.push({ type: ch.want, status: 'True', reason: ch.reason, message: ch.message, lastUpdateTime: now, lastTransitionTime: prev?.lastTransitionTime ?? now });
          rt.api.update({ ...csr, status: { ...(csr.status ?? {}), conditions: conds } }, { subresource: 'status' });
        }
        done.push(rt.api.get(ri, undefined, item.name));
      }
      return { done, errors };
    });
    for (const o of res.done) {
      if (fmt) ctx.out.out(printObjects(fmt, [{ obj: o, ri }], true));
      else ctx.out.line(`certificatesigningrequest.certificates.k8s.io/${o.metadata.name} ${ch.op}`);
    }
    if (!res.done.length && !res.errors.length) ctx.out.line('No resources found');
    reportErrors(ctx, res.errors);
  } finally { s.close(); }
}
