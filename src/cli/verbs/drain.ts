// kubectl drain NODE... | -l SELECTOR (pkg/cmd/drain RunDrain, pkg/drain): cordon every node, then for each
// node find its pods (spec.nodeName, --pod-selector) and filter them as kubectl does (deleted long ago:
// skipped; DaemonSet-managed: refused, or ignored with --ignore-daemonsets; mirror pods: skipped; emptyDir:
// refused without --delete-emptydir-data; no controller: refused without --force), print the warnings, and
// evict them through the Eviction API (or delete them with --disable-eviction), waiting until they are gone.
// A budget that forbids an eviction makes kubectl retry every 5 s until --timeout. Every line and its stream
// are kubectl's; what kubectl prints from parallel goroutines is printed here in pod order.
import { Command, Option } from 'commander';
import type { VerbContext } from '../program';
import type { Runtime } from '../../sim/runtime';
import type { KObject } from '../../api/types';
import type { Session } from '../session';
import { openSession, addDryRun, dryRunSuffix, DryRun } from './common';
import { dryRunOf } from '../generators/common';
import { checkNodeArgs, resolveNodes, cordonNodes } from './cordon';
import { CliError, StatusError, formatError } from '../../api/errors';
import { byGroupResource } from '../../api/discovery';
import { parseSelector, matches, Selector } from '../../api/selectors';
import { goDurationString, goParseDuration } from '../../util/duration';

const RETRY_MS = 5000;
const POLL_MS = 1000;

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('drain').description('Drain node in preparation for maintenance').argument('[nodes...]')
    .option('--force', 'Continue even if there are pods that do not declare a controller.', false)
    .option('--ignore-daemonsets', 'Ignore DaemonSet-managed pods.', false)
    .option('--delete-emptydir-data', 'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).', false)
    .option('--grace-period <seconds>', 'Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.', '-1')
    .option('--timeout <duration>', 'The length of time to wait before giving up, zero means infinite', '0s')
    .option('--pod-selector <selector>', 'Label selector to filter pods on the node', '')
    .option('--disable-eviction', 'Force drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution.', false)
    .option('--skip-wait-for-delete-timeout <seconds>', 'If pod DeletionTimestamp older than N seconds, skip waiting for the pod.  Seconds must be greater than 0 to skip.', '0')
    .addOption(new Option('--chunk-size <n>', 'Return large lists in chunks rather than all at once. Pass 0 to disable.').default('500'))
    .option('-l, --selector <selector>', 'Selector (label query) to filter on');
  addDryRun(cmd);
  cmd.action((args: string[], opts: any) => drain(ctx, args, opts));
}

interface Opts {
  force: boolean; ignoreDaemonsets: boolean; deleteEmptydirData: boolean; grace: number; timeoutMs: number;
  podSelector?: Selector; disableEviction: boolean; skipWaitSeconds: number; dry: DryRun;
}

function intFlag(flag: string, v: string): number {
  if (!/^[+-]?\d+$/.test(String(v))) throw new CliError(`invalid argument "${v}" for "--${flag}" flag: strconv.ParseInt: parsing "${v}": invalid syntax\nSee 'kctl drain --help' for usage.`);
  return Number(v);
}

function drain(ctx: VerbContext, args: string[], raw: any): void {
  const o: Opts = {
    force: !!raw.force, ignoreDaemonsets: !!raw.ignoreDaemonsets, deleteEmptydirData: !!raw.deleteEmptydirData,
    grace: intFlag('grace-period', raw.gracePeriod), timeoutMs: 0, disableEviction: !!raw.disableEviction,
    skipWaitSeconds: intFlag('skip-wait-for-delete-timeout', raw.skipWaitForDeleteTimeout), dry: 'none',
  };
  try { o.timeoutMs = goParseDuration(String(raw.timeout)); }
  catch (e) { throw new CliError(`invalid argument "${raw.timeout}" for "--timeout" flag: ${(e as Error).message}\nSee 'kctl drain --help' for usage.`); }
  checkNodeArgs('drain', args, raw.selector);
  o.dry = dryRunOf(ctx, raw.dryRun);
  if (raw.podSelector) {
    try { o.podSelector = parseSelector(raw.podSelector); } catch { throw new CliError('--pod-selector=<pod_selector> must be a valid label selector'); }
  }
  const s = openSession(ctx);
  try {
    const nodes = s.step(rt => {
      const ns = resolveNodes(rt, args, raw.selector);
      cordonNodes(ctx, rt, ns, true, o.dry);
      return ns.map(n => n.metadata.name!);
    });
    ctx.out.flush();
    const fatal: GoErr[] = [];
    const remaining: string[] = [];
    for (const node of nodes) {
      const err = drainNode(ctx, s, node, o);
      if (!err) {
        ctx.out.line(`node/${node} drained${dryRunSuffix(o.dry)}`);
      } else {
        ctx.out.err(`error: unable to drain node "${node}" due to error: ${errText(err)}, continuing command...`);
        fatal.push(err);
        remaining.push(node);
      }
      ctx.out.flush();
    }
    if (remaining.length) {
      ctx.out.err('There are pending nodes to be drained:');
      for (const n of remaining) ctx.out.err(` ${n}`);
    }
    if (fatal.length) {
      for (const line of checkErrLines({ agg: fatal })) ctx.out.err(line);
      ctx.out.exitCode = 1;
    }
  } finally { s.close(); }
}

// ---------------------------------------------------------------------------------------------------------
// Go error values as kubectl prints them (utilerrors.Aggregate, cmdutil.CheckErr)

type GoErr = { msg: string; status?: StatusError } | { agg: GoErr[] };
const plain = (msg: string): GoErr => ({ msg });
function flatten(e: GoErr): string[] { return 'agg' in e ? e.agg.flatMap(flatten) : [e.msg]; }
/** err.Error(): an aggregate of one is its error; of more, "[a, b]" with repeats dropped. */
function errText(e: GoErr): string {
  if (!('agg' in e)) return e.msg;
  if (e.agg.length === 1) return errText(e.agg[0]!);
  const seen = [...new Set(e.agg.flatMap(flatten))];
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}
/** CheckErr: an aggregate of one is unwrapped once; an aggregate prints one plain line per error. */
function checkErrLines(e: GoErr): string[] {
  if ('agg' in e && e.agg.length === 1) e = e.agg[0]!;
  if ('agg' in e) return e.agg.map(x => ('agg' in x ? errText(x) : x.status ? formatError(x.status) : x.msg));
  if (e.status) return [formatError(e.status)];
  return [e.msg.startsWith('error: ') ? e.msg : `error: ${e.msg}`];
}

// ---------------------------------------------------------------------------------------------------------
// GetPodsForDeletion and its filters

interface PodDelete { pod: KObject; del: boolean; reason: 'Okay' | 'Skip' | 'Warning' | 'Error'; message?: string }

const finished = (p: KObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const controllerOf = (p: KObject) => p.metadata.ownerReferences?.find(r => r.controller);

function shouldSkipPod(p: KObject, skipSeconds: number, now: number): boolean {
  return skipSeconds > 0 && !!p.metadata.deletionTimestamp && Math.trunc((now - Date.parse(p.metadata.deletionTimestamp)) / 1000) > skipSeconds;
}

function podsForDeletion(rt: Runtime, node: string, o: Opts): { pods: KObject[]; warnings: string; errors: GoErr[] } {
  const dsRi = byGroupResource('apps', 'daemonsets')!;
  const now = rt.clock.now();
  const filters: ((p: KObject) => PodDelete)[] = [
    p => (shouldSkipPod(p, o.skipWaitSeconds, now) ? { pod: p, del: false, reason: 'Skip' } : { pod: p, del: true, reason: 'Okay' }),
    p => {
      const ref = controllerOf(p);
      if (!ref || ref.kind !== 'DaemonSet' || finished(p)) return { pod: p, del: true, reason: 'Okay' };
      if (!rt.api.tryGet(dsRi, p.metadata.namespace, ref.name)) {
        const msg = `daemonsets.apps "${ref.name}" not found`;
        return o.force ? { pod: p, del: true, reason: 'Warning', message: msg } : { pod: p, del: false, reason: 'Error', message: msg };
      }
      if (!o.ignoreDaemonsets) return { pod: p, del: false, reason: 'Error', message: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' };
      return { pod: p, del: false, reason: 'Warning', message: 'ignoring DaemonSet-managed Pods' };
    },
    p => ('kubernetes.io/config.mirror' in (p.metadata.annotations ?? {}) ? { pod: p, del: false, reason: 'Skip' } : { pod: p, del: true, reason: 'Okay' }),
    p => {
      if (!(p.spec?.volumes ?? []).some((v: any) => v.emptyDir) || finished(p)) return { pod: p, del: true, reason: 'Okay' };
      if (!o.deleteEmptydirData) return { pod: p, del: false, reason: 'Error', message: 'Pods with local storage (use --delete-emptydir-data to override)' };
      return { pod: p, del: true, reason: 'Warning', message: 'deleting Pods with local storage' };
    },
    p => {
      if (finished(p) || controllerOf(p)) return { pod: p, del: true, reason: 'Okay' };
      if (o.force) return { pod: p, del: true, reason: 'Warning', message: 'deleting Pods that declare no controller' };
      return { pod: p, del: false, reason: 'Error', message: 'cannot delete Pods that declare no controller (use --force to override)' };
    },
  ];
  const items: PodDelete[] = [];
  for (const pod of rt.api.podsOnNode(node)) {
    if (o.podSelector && !matches(o.podSelector, pod.metadata.labels)) continue;
    let status: PodDelete = { pod, del: true, reason: 'Okay' };
    for (const f of filters) { status = f(pod); if (!status.del) break; }
    items.push(status);
  }
  const group = (reason: PodDelete['reason']) => {
    const m = new Map<string, string[]>();
    for (const it of items) if (it.reason === reason) {
      const msg = reason === 'Error' && !it.message ? 'unexpected error' : it.message ?? '';
      m.set(msg, [...(m.get(msg) ?? []), `${it.pod.metadata.namespace}/${it.pod.metadata.name}`]);
    }
    return m;
  };
  const warnings = [...group('Warning')].map(([msg, pods]) => `${msg}: ${pods.join(', ')}`).join('; ');
  const errors = [...group('Error')].map(([msg, pods]) => plain(`cannot delete ${msg}: ${pods.join(', ')}`));
  return { pods: items.filter(i => i.del).map(i => i.pod), warnings, errors };
}

// ---------------------------------------------------------------------------------------------------------
// deleteOrEvictPodsSimple

function drainNode(ctx: VerbContext, s: Session, node: string, o: Opts): GoErr | undefined {
  const list = s.step(rt => podsForDeletion(rt, node, o));
  if (list.errors.length) return { agg: list.errors };
  if (list.warnings) ctx.out.err(`Warning: ${list.warnings}`);
  if (o.dry === 'client') {
    for (const p of list.pods) ctx.out.line(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)`);
    return undefined;
  }
  const err = list.pods.length ? (o.disableEviction ? deletePods(ctx, s, list.pods, o) : evictPods(ctx, s, list.pods, o)) : undefined;
  if (!err) return undefined;
  const pending = s.step(rt => podsForDeletion(rt, node, o));
  if (pending.pods.length) {
    ctx.out.err(`There are pending pods in node "${node}" when an error occurred: ${errText(err)}`);
    for (const p of pending.pods) ctx.out.err(`pod/${p.metadata.name}`);
  }
  if (pending.errors.length) ctx.out.err(`Following errors occurred while getting the list of pods to delete:\n${errText({ agg: pending.errors })}`);
  return err;
}

const gone = (rt: Runtime, p: KObject) => {
  const cur = rt.api.tryGet(byGroupResource('', 'pods')!, p.metadata.namespace, p.metadata.name!);
  return !cur || cur.metadata.uid !== p.metadata.uid ? undefined : cur;
};
const sleepUntil = (s: Session, t: number) => s.sleep(Math.max(1, t - Date.now()));

interface Work { pod: KObject; phase: 'evict' | 'wait' | 'done'; next: number }

/** evictPods: each pod evicted (retrying while a budget says 429), then waited for; one global timeout. */
function evictPods(ctx: VerbContext, s: Session, pods: KObject[], o: Opts): GoErr | undefined {
  const start = Date.now();
  const deadline = o.timeoutMs > 0 ? start + o.timeoutMs : Infinity;
  const timeoutText = o.timeoutMs > 0 ? goDurationString(o.timeoutMs) : '2562047h47m16.854775807s';
  const work: Work[] = pods.map(pod => ({ pod, phase: 'evict', next: start }));
  const errors: GoErr[] = [];
  const ref = (p: KObject) => `pods/"${p.metadata.name}" -n "${p.metadata.namespace}"`;
  for (;;) {
    const now = Date.now();
    if (work.some(w => w.phase === 'evict' && w.next <= now)) {
      s.step(rt => {
        for (const w of work) {
          if (w.phase !== 'evict' || w.next > now) continue;
          const p = w.pod;
          ctx.out.line(`evicting pod ${p.metadata.namespace}/${p.metadata.name}${o.dry === 'server' ? ' (server dry run)' : ''}`);
          if (Date.now() > deadline) { errors.push(plain(`error when evicting ${ref(p)}: global timeout reached: ${timeoutText}`)); w.phase = 'done'; continue; }
          try {
            rt.atomic(() => rt.api.evict(p.metadata.namespace!, p.metadata.name!, { gracePeriodSeconds: o.grace >= 0 ? o.grace : undefined, dryRun: o.dry === 'server' }));
            w.phase = o.dry === 'server' ? 'done' : 'wait';
          } catch (e) {
            if (!(e instanceof StatusError)) throw e;
            if (e.code === 404) { w.phase = 'done'; continue; }
            if (e.code === 429) { ctx.out.err(`error when evicting ${ref(p)} (will retry after 5s): ${e.message}`); w.next = Date.now() + RETRY_MS; continue; }
            errors.push(plain(`error when evicting ${ref(p)}: ${e.message}`));
            w.phase = 'done';
          }
        }
      });
      ctx.out.flush();
    }
    if (work.some(w => w.phase === 'wait')) {
      s.step(rt => {
        for (const w of work) {
          if (w.phase !== 'wait') continue;
          const cur = gone(rt, w.pod);
          if (!cur) { ctx.out.line(`pod/${w.pod.metadata.name} evicted`); w.phase = 'done'; continue; }
          if (shouldSkipPod(cur, o.skipWaitSeconds, rt.clock.now())) {
            ctx.out.line(`pod "${w.pod.metadata.name}" has DeletionTimestamp older than ${o.skipWaitSeconds} seconds, skipping`);
            w.phase = 'done'; continue;
          }
          if (Date.now() > deadline) {
            errors.push(plain(`error when waiting for pod "${w.pod.metadata.name}" in namespace "${w.pod.metadata.namespace}" to terminate: context deadline exceeded`));
            w.phase = 'done';
          }
        }
      });
      ctx.out.flush();
    }
    if (work.every(w => w.phase === 'done')) break;
    const nextEvict = Math.min(...work.filter(w => w.phase === 'evict').map(w => w.next));
    const nextPoll = work.some(w => w.phase === 'wait') ? Date.now() + POLL_MS : Infinity;
    sleepUntil(s, Math.min(nextEvict, nextPoll, deadline + 1));
  }
  return errors.length ? { agg: errors } : undefined;
}

/** deletePods (--disable-eviction): every pod deleted, then all waited for under the timeout. */
function deletePods(ctx: VerbContext, s: Session, pods: KObject[], o: Opts): GoErr | undefined {
  const podRi = byGroupResource('', 'pods')!;
  const failed = s.step(rt => {
    for (const p of pods) {
      try {
        rt.atomic(() => rt.api.delete(podRi, p.metadata.namespace, p.metadata.name!, { gracePeriodSeconds: o.grace >= 0 ? o.grace : undefined, dryRun: o.dry === 'server' }));
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        if (e.code !== 404) return { msg: e.message, status: e } as GoErr;
      }
    }
    return undefined;
  });
  if (failed) return failed;
  if (o.dry === 'server') return undefined;
  const deadline = o.timeoutMs > 0 ? Date.now() + o.timeoutMs : Infinity;
  let left = [...pods];
  for (;;) {
    left = s.step(rt => left.filter(p => {
      const cur = gone(rt, p);
      if (!cur) { ctx.out.line(`pod/${p.metadata.name} deleted`); return false; }
      if (shouldSkipPod(cur, o.skipWaitSeconds, rt.clock.now())) {
        ctx.out.line(`pod "${p.metadata.name}" has DeletionTimestamp older than ${o.skipWaitSeconds} seconds, skipping`);
        return false;
      }
      return true;
    }));
    ctx.out.flush();
    if (!left.length) return undefined;
    if (Date.now() > deadline) return plain('context deadline exceeded');
    sleepUntil(s, Math.min(Date.now() + POLL_MS, deadline + 1));
  }
}
