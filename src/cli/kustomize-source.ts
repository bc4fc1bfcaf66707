// `-k DIR` and `kctl kustomize DIR`: run the embedded kustomize (loaded only here) and turn its result into
// what the CLI reads: objects named by their directory, as kubectl's KustomizeVisitor names the stream; its
// warnings on stderr; its errors as kubectl prints them (`error: <kustomize's message>`).
import type { VerbContext } from './program';
import type { Manifest } from './manifests';
import { CliError } from '../api/errors';

export function runKustomize(dir: string, ctx: Pick<VerbContext, 'out'>, loadRestrictor: 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone' = 'LoadRestrictionsRootOnly') {
  const k = require('../kustomize') as typeof import('../kustomize');
  try {
    return k.kustomize(dir, { loadRestrictor, warn: w => ctx.out.err(w), log: l => ctx.out.err(klogLine(l)) });
  } catch (e) {
    if (e instanceof k.KError) throw new CliError(e.message);
    throw e;
  }
}

/** The objects of `-k DIR` as manifests (source: the directory, as kubectl reports it). */
export function kustomizeManifests(dir: string, ctx: Pick<VerbContext, 'out'>): Manifest[] {
  return runKustomize(dir, ctx).objects.map(obj => ({ obj, source: dir }));
}

/** A line of Go's log as kubectl routes it through klog: `I1206 21:28:33.988156   27365 log.go:245] msg`. */
function klogLine(msg: string): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const us = p(d.getMilliseconds(), 3) + '000';
  return `I${p(d.getMonth() + 1)}${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${us} ${String(process.pid).padStart(7)} log.go:245] ${msg}`;
}
