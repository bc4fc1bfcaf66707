// kubectl rollout status | history | undo | restart | pause | resume. Deployments read their history from
// the ReplicaSets they own (deployment.kubernetes.io/revision); daemon sets and stateful sets from their
// ControllerRevisions. `status` loops: one step per evaluation, sleeping between steps without the lock,
// and prints the status line each time it sees the object change.
import { durationFlag } from '../durations';
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, addDryRun, parseDryRun, dryRunSuffix, opLine, reportErrors } from './common';
import { resolve, Item } from '../builder';
import { CliError } from '../../api/errors';
import { parseOutput, OutputFormat } from '../printers';
import type { KObject, ResourceInfo } from '../../api/types';
import { kindGroup, groupResource } from '../../api/types';
import { byGroupResource } from '../../api/discovery';
import { clone, deepEqual } from '../../util/objects';
import { fromLabelSelector, matches } from '../../api/selectors';
import { tabwrite, DESCRIBE } from '../printers/tabwriter';
import { describePodTemplate } from '../describe/pod';
import type { PrefixWriter } from '../describe/writer';
import { flushWarnings, shown } from './patching';
import { printEach } from '../printers';
import { parseIntFlag } from './scale';
import { parseGoDuration } from './wait';
import type { Runtime } from '../../sim/runtime';
import type { Session } from '../session';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, 'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to']);

export function register(program: Command, ctx: VerbContext): void {
  const rollout = program.command('rollout').description('Manage the rollout of a resource.').argument('[args...]');
  // No subcommand: the help machinery prints kubectl's help (program.ts); an unknown one is an error.
  rollout.action((args: string[]) => {
    if (args.length) throw new CliError(`unknown command ${JSON.stringify(args[0])}\nSee 'kctl rollout -h' for help and examples`);
  });
  const base = (c: Command, printFlags = true) => {
    c.argument('[args...]').option('-l, --selector <selector>', 'Selector (label query) to filter on.');
    if (printFlags) {
      c.option('-o, --output <format>', 'Output format.')
        .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.', false)
        .option('--template <t>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.')
        .option('--allow-missing-template-keys', 'If true, ignore any errors in templates when a field or map key is missing in the template.', true);
    }
    addFilenameFlags(c, 'identifying the resource to get from a server.');
    return c;
  };
  const status = base(rollout.command('status').description('Show the status of the rollout.'), false)
    .option('--revision <n>', 'Pin to a specific revision for showing its status. Defaults to 0 (last revision).', '0')
    .option('--timeout <duration>', 'The length of time to wait before ending watch, zero means never.', durationFlag('--timeout', 'kctl rollout status'), '0s')
    .option('-w, --watch', 'Watch the status of the rollout until it\'s done.', true)
    .option('--no-watch', 'Do not watch the status of the rollout.');
  status.action((args: string[], opts: any) => rolloutStatus(ctx, args, opts));
  const history = base(rollout.command('history').description('View rollout history.'))
    .option('--revision <n>', 'See the details, including podTemplate of the revision specified', '0');
  history.action((args: string[], opts: any) => rolloutHistory(ctx, args, opts));
  const undo = base(rollout.command('undo').description('Undo a previous rollout.'))
    .option('--to-revision <n>', 'The revision to rollback to. Default to 0 (last revision).', '0');
  addDryRun(undo);
  undo.action((args: string[], opts: any) => rolloutUndo(ctx, args, opts));
  for (const verb of ['restart', 'pause', 'resume'] as const) {
    const desc = { restart: 'Restart a resource.', pause: 'Mark the provided resource as paused.', resume: 'Resume a paused resource.' }[verb];
    const c = base(rollout.command(verb).description(desc))
      .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-rollout');
    c.action((args: string[], opts: any) => rolloutMutate(ctx, verb, args, opts));
  }
}

// ---------------------------------------------------------------------------------------------------------
// shared

function findItems(rt: Runtime, s: Session, args: string[], opts: any): { items: Item[]; errors: unknown[] } {
  if (!args.length && !opts.filename.length) throw new CliError('required resource not specified');
  const res = resolve(rt.api, {
    args, filenames: opts.filename, recursive: opts.recursive, selector: opts.selector,
    namespace: s.namespace, explicitNamespace: s.explicitNamespace, requireNames: false,
  });
  return { items: res.items, errors: res.errors };
}

const revisionOf = (o: KObject): number | undefined => {
  const v = o.metadata.annotations?.[REVISION];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Number(v);
};

/** The ReplicaSets a deployment owns: selector matches and a controller ownerRef with its UID. */
export function ownedReplicaSets(rt: Runtime, d: KObject): KObject[] {
  const rsRi = byGroupResource('apps', 'replicasets')!;
  const sel = fromLabelSelector(d.spec?.selector);
  return rt.api.list(rsRi, d.metadata.namespace).filter(rs =>
    rs.metadata.ownerReferences?.some(r => r.controller && r.uid === d.metadata.uid) && matches(sel, rs.metadata.labels));
}

/** ControllerRevisions of a daemon set or stateful set. */
function ownedRevisions(rt: Runtime, o: KObject): KObject[] {
  const crRi = byGroupResource('apps', 'controllerrevisions');
  if (!crRi) return [];
  return rt.api.list(crRi, o.metadata.namespace).filter(cr => cr.metadata.ownerReferences?.some(r => r.controller && r.uid === o.metadata.uid));
}

/** The describe text of a pod template without a tabwriter (kubectl's printTemplate). */
export function rawTemplate(tpl: any): string {
  let text = '';
  const w = {
    write(level: number, s: string) { text += '  '.repeat(level) + s; },
    line(s: string) { text += s + '\n'; },
    flush() {},
    toString() { return text; },
  };
  describePodTemplate(tpl, w as unknown as PrefixWriter);
  return text;
}

const withoutHash = (tpl: any) => {
  const t = clone(tpl ?? {});
  if (t.metadata?.labels) {
    delete t.metadata.labels['pod-template-hash'];
  }
  return t;
};
function equalIgnoreHash(a: any, b: any): boolean {
  const x = withoutHash(a), y = withoutHash(b);
  if (x.metadata?.labels && !Object.keys(x.metadata.labels).length) delete x.metadata.labels;
  if (y.metadata?.labels && !Object.keys(y.metadata.labels).length) delete y.metadata.labels;
  return deepEqual(x, y);
}

/** RFC3339 in the local time zone, as Go's time.Now().Format(time.RFC3339). */
function rfc3339Local(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const off = -d.getTimezoneOffset();
  const p = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
  const local = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return local + (off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${p(off / 60)}:${p(off % 60)}`);
}

const printedFor = (fmt: OutputFormat | undefined) => (fmt ? [] as { obj: KObject; ri: ResourceInfo }[] : undefined);

type Printed = { obj: KObject; ri: ResourceInfo }[] | undefined;
/** One step over the objects the arguments name: each item's error is kept and the rest go on; objects
 *  for -o are printed after the step committed. */
function eachItem(ctx: VerbContext, args: string[], opts: any, act: (rt: Runtime, it: Item, printed: Printed) => void): void {
  const fmt: OutputFormat | undefined = opts.output ? parseOutput(opts.output) : undefined;
  const s = openSession(ctx);
  try {
    let errors: unknown[] = [];
    const printed = printedFor(fmt);
    s.step(rt => {
      const found = findItems(rt, s, args, opts);
      errors = found.errors;
      for (const it of found.items) {
        try { act(rt, it, printed); flushWarnings(ctx, rt); } catch (e) { errors.push(e); }
      }
    });
    if (printed?.length) ctx.out.out(printEach(fmt!, printed));
    reportErrors(ctx, errors);
  } finally {
    s.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// history

function rolloutHistory(ctx: VerbContext, args: string[], opts: any): void {
  const revision = parseIntFlag(opts.revision, 'revision', 'kctl rollout history');
  const fmt: OutputFormat | undefined = opts.output ? parseOutput(opts.output) : undefined;
  if (revision < 0) throw new CliError(`revision must be a positive integer: ${revision}`);
  const s = openSession(ctx);
  try {
    s.step(rt => {
      const { items, errors } = findItems(rt, s, args, opts);
      if (errors.length) throw errors[0];
      const printed: { obj: KObject; ri: ResourceInfo }[] = [];
      for (const it of items) {
        const obj = it.obj!;
        const history = historyOf(rt, obj, it.ri);
        if (fmt) {
          const pick = revision > 0 ? history.filter(h => h.revision === revision) : history;
          if (revision > 0 && !pick.length) throw new CliError('unable to find the specified revision');
          for (const h of pick) printed.push({ obj: shown(h.source), ri: h.sourceRi });
          continue;
        }
        if (revision > 0) {
          const h = history.find(x => x.revision === revision);
          if (!h) throw new CliError('unable to find the specified revision');
          const tpl = clone(h.template ?? {});
          if (h.changeCause) { tpl.metadata ??= {}; tpl.metadata.annotations = { ...(tpl.metadata.annotations ?? {}), [CHANGE_CAUSE]: h.changeCause }; }
          ctx.out.line(`${kindGroup(it.ri)}/${it.name} with revision #${revision}`);
          ctx.out.out(rawTemplate(tpl) + '\n');
          continue;
        }
        ctx.out.line(`${kindGroup(it.ri)}/${it.name} `);
        if (!history.length) { ctx.out.line('No rollout history found.'); continue; }
        let table = 'REVISION\tCHANGE-CAUSE\n';
        for (const h of history) table += `${h.revision}\t${h.changeCause || '<none>'}\n`;
        ctx.out.out(tabwrite(table, DESCRIBE) + '\n');
      }
      if (fmt && printed.length) ctx.out.out(printEach(fmt, printed));
    });
  } finally {
    s.close();
  }
}

interface HistoryEntry { revision: number; template: any; changeCause?: string; source: KObject; sourceRi: ResourceInfo }

function historyOf(rt: Runtime, obj: KObject, ri: ResourceInfo): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  if (ri.group === 'apps' && ri.kind === 'Deployment') {
    const rsRi = byGroupResource('apps', 'replicasets')!;
    for (const rs of ownedReplicaSets(rt, obj)) {
      const v = revisionOf(rs);
      if (v === undefined) continue;
      out.push({ revision: v, template: rs.spec?.template, changeCause: rs.metadata.annotations?.[CHANGE_CAUSE], source: rs, sourceRi: rsRi });
    }
  } else if (ri.group === 'apps' && (ri.kind === 'DaemonSet' || ri.kind === 'StatefulSet')) {
    const crRi = byGroupResource('apps', 'controllerrevisions')!;
    for (const cr of ownedRevisions(rt, obj)) {
      const data = (cr as any).data ?? {};
      // the revision holds a patch ({"$patch": "replace"}); the template is what it restores
      const template = clone(data.spec?.template ?? {});
      delete template.$patch;
      if (template.metadata?.creationTimestamp === null) delete template.metadata.creationTimestamp;
      out.push({ revision: Number((cr as any).revision ?? 0), template, changeCause: cr.metadata.annotations?.[CHANGE_CAUSE], source: cr, sourceRi: crRi });
    }
  } else {
    throw new CliError(`no history viewer has been implemented for ${JSON.stringify(ri.kind)}`);
  }
  return out.sort((a, b) => a.revision - b.revision);
}

// ---------------------------------------------------------------------------------------------------------
// undo

function rolloutUndo(ctx: VerbContext, args: string[], opts: any): void {
  const toRevision = parseIntFlag(opts.toRevision, 'to-revision', 'kctl rollout undo');
  const dry = parseDryRun(opts.dryRun);
  eachItem(ctx, args, opts, (rt, it, printed) => {
    const msg = undoOne(rt, it, toRevision, dry);
    if (printed && msg.obj) printed.push({ obj: shown(msg.obj), ri: it.ri });
    else if (msg.template !== undefined) ctx.out.line(`${kindGroup(it.ri)}/${it.name} ${msg.template}${dryRunSuffix(dry)}`);
    else ctx.out.line(`${kindGroup(it.ri)}/${it.name} ${msg.text}${dryRunSuffix(dry)}`);
  });
}

function undoOne(rt: Runtime, it: Item, toRevision: number, dry: 'none' | 'client' | 'server'): { text?: string; template?: string; obj?: KObject } {
  const obj = it.obj!;
  if (toRevision < 0) throw new CliError(`unable to find specified revision ${toRevision} in history`);
  if (it.ri.group === 'apps' && it.ri.kind === 'Deployment') {
    const history = historyOf(rt, obj, it.ri);
    let target: HistoryEntry | undefined;
    if (toRevision > 0) {
      target = history.find(h => h.revision === toRevision);
      if (!target) throw new CliError(`unable to find specified revision ${toRevision} in history`);
    } else {
      target = history.length >= 2 ? history[history.length - 2] : undefined;
      if (!target) throw new CliError(`no rollout history found for deployment ${JSON.stringify(obj.metadata.name)}`);
    }
    if (obj.spec?.paused) throw new CliError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
    if (dry === 'client') return { template: rawTemplate(target.template) };
    if (equalIgnoreHash(target.template, obj.spec?.template)) {
      return { text: `skipped rollback (current template already matches revision ${target.revision})`, obj };
    }
    const next = clone(obj);
    next.spec.template = withoutHash(target.template);
    const ann: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj.metadata.annotations ?? {})) if (SKIP_ANNOTATIONS.has(k)) ann[k] = v;
    for (const [k, v] of Object.entries(target.source.metadata.annotations ?? {})) if (!SKIP_ANNOTATIONS.has(k)) ann[k] = v;
    next.metadata.annotations = ann;
    const out = rt.api.update(next, { dryRun: dry === 'server' });
    return { text: 'rolled back', obj: out };
  }
  if (it.ri.group === 'apps' && (it.ri.kind === 'DaemonSet' || it.ri.kind === 'StatefulSet')) {
    const history = historyOf(rt, obj, it.ri);
    let target: HistoryEntry | undefined;
    if (toRevision > 0) {
      target = history.find(h => h.revision === toRevision);
      if (!target) throw new CliError(`unable to find specified revision ${toRevision} in history`);
    } else {
      target = history.length >= 2 ? history[history.length - 2] : undefined;
      if (!target) throw new CliError('no last revision to roll back to');
    }
    if (dry === 'client') return { template: rawTemplate(target.template) };
    if (deepEqual(target.template, obj.spec?.template)) return { text: `skipped rollback (current template already matches revision ${target.revision})`, obj };
    const next = clone(obj);
    next.spec.template = clone(target.template);
    const out = rt.api.update(next, { dryRun: dry === 'server' });
    return { text: 'rolled back', obj: out };
  }
  throw new CliError(`no rollbacker has been implemented for ${JSON.stringify(`${it.ri.group}/${it.ri.kind}`.replace(/^\//, ''))}`);
}

// ---------------------------------------------------------------------------------------------------------
// restart, pause, resume

function rolloutMutate(ctx: VerbContext, verb: 'restart' | 'pause' | 'resume', args: string[], opts: any): void {
  eachItem(ctx, args, opts, (rt, it, printed) => {
    const obj = it.obj!;
    const who = `${groupResource(it.ri)} ${JSON.stringify(it.name)}`;
    const next = clone(obj);
    const isDeploy = it.ri.group === 'apps' && it.ri.kind === 'Deployment';
    const hasTemplate = it.ri.group === 'apps' && ['Deployment', 'DaemonSet', 'StatefulSet'].includes(it.ri.kind);
    let op: string;
    if (verb === 'restart') {
      if (!hasTemplate) throw new CliError(`${who} restarting is not supported`);
      if (isDeploy && obj.spec?.paused) throw new CliError(`${who} can't restart paused deployment (run rollout resume first)`);
      const at = rfc3339Local(rt.clock.now());
      next.spec.template ??= {};
      next.spec.template.metadata ??= {};
      if (next.spec.template.metadata.annotations?.[RESTARTED_AT] === at) {
        throw new CliError(`failed to create patch for ${it.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`);
      }
      next.spec.template.metadata.annotations = { ...(next.spec.template.metadata.annotations ?? {}), [RESTARTED_AT]: at };
      op = 'restarted';
    } else if (verb === 'pause') {
      if (!isDeploy) throw new CliError(`${who} pausing is not supported`);
      if (obj.spec?.paused) throw new CliError(`${who} is already paused`);
      next.spec.paused = true;
      op = 'paused';
    } else {
      if (!isDeploy) throw new CliError(`${who} resuming is not supported`);
      if (!obj.spec?.paused) throw new CliError(`${who} is not paused`);
      delete next.spec.paused;
      op = 'resumed';
    }
    const out = rt.api.update(next);
    if (printed) printed.push({ obj: shown(out), ri: it.ri });
    else ctx.out.line(opLine(out, it.ri, op));
  });
}

// ---------------------------------------------------------------------------------------------------------
// status

interface StatusEval { message: string; done: boolean }

/** kubectl's StatusViewer for each kind: the line to print, whether the rollout is done, or an error. */
export function statusOf(obj: KObject, revision: number): StatusEval {
  const spec = obj.spec ?? {}, status = obj.status ?? {};
  const name = obj.metadata.name;
  const gen = obj.metadata.generation ?? 0;
  switch (obj.kind) {
    case 'Deployment': {
      if (revision > 0) {
        const cur = obj.metadata.annotations?.[REVISION];
        if (cur === undefined || !/^\d+$/.test(cur)) throw new CliError(`cannot get the revision of deployment ${JSON.stringify(name)}: revision annotation not found`);
        if (Number(cur) !== revision) throw new CliError(`desired revision (${revision}) is different from the running revision (${cur})`);
      }
      if (gen > (status.observedGeneration ?? 0)) return { message: 'Waiting for deployment spec update to be observed...', done: false };
      const progressing = (status.conditions ?? []).find((c: any) => c.type === 'Progressing');
      if (progressing?.reason === 'ProgressDeadlineExceeded') throw new CliError(`deployment ${JSON.stringify(name)} exceeded its progress deadline`);
      const replicas = spec.replicas ?? 1;
      const updated = status.updatedReplicas ?? 0, total = status.replicas ?? 0, available = status.availableReplicas ?? 0;
      if (updated < replicas) return { message: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`, done: false };
      if (total > updated) return { message: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${total - updated} old replicas are pending termination...`, done: false };
      if (available < updated) return { message: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${available} of ${updated} updated replicas are available...`, done: false };
      return { message: `deployment ${JSON.stringify(name)} successfully rolled out`, done: true };
    }
    case 'DaemonSet': {
      if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') throw new CliError('rollout status is only available for RollingUpdate strategy type');
      if (gen > (status.observedGeneration ?? 0)) return { message: 'Waiting for daemon set spec update to be observed...', done: false };
      const desired = status.desiredNumberScheduled ?? 0, updated = status.updatedNumberScheduled ?? 0, available = status.numberAvailable ?? 0;
      if (updated < desired) return { message: `Waiting for daemon set ${JSON.stringify(name)} rollout to finish: ${updated} out of ${desired} new pods have been updated...`, done: false };
      if (available < desired) return { message: `Waiting for daemon set ${JSON.stringify(name)} rollout to finish: ${available} of ${desired} updated pods are available...`, done: false };
      return { message: `daemon set ${JSON.stringify(name)} successfully rolled out`, done: true };
    }
    case 'StatefulSet': {
      if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') throw new CliError('rollout status is only available for RollingUpdate strategy type');
      if (!status.observedGeneration || gen > status.observedGeneration) return { message: 'Waiting for statefulset spec update to be observed...', done: false };
      const replicas = spec.replicas ?? 1;
      const ready = status.readyReplicas ?? 0, updated = status.updatedReplicas ?? 0;
      if (spec.replicas !== undefined && ready < replicas) return { message: `Waiting for ${replicas - ready} pods to be ready...`, done: false };
      const partition = spec.updateStrategy?.rollingUpdate?.partition;
      if (spec.updateStrategy?.type === 'RollingUpdate' && partition !== undefined && partition !== null) {
        if (spec.replicas !== undefined && partition < replicas) {
          if (updated < replicas - partition) {
            return { message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...`, done: false };
          }
        }
        return { message: `partitioned roll out complete: ${updated} new pods have been updated...`, done: true };
      }
      if (status.updateRevision !== status.currentRevision) {
        return { message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${status.updateRevision}...`, done: false };
      }
      return { message: `statefulset rolling update complete ${status.currentReplicas ?? 0} pods at revision ${status.currentRevision}...`, done: true };
    }
    default:
      throw new CliError(`no status viewer has been implemented for ${obj.kind}`);
  }
}

function rolloutStatus(ctx: VerbContext, args: string[], opts: any): void {
  const revision = parseIntFlag(opts.revision, 'revision', 'kctl rollout status');
  const timeoutMs = parseGoDuration(String(opts.timeout));
  const watch = opts.watch !== false;
  const s = openSession(ctx);
  try {
    const it = s.step(rt => {
      const { items, errors } = findItems(rt, s, args, opts);
      if (errors.length) throw errors[0];
      if (items.length !== 1) throw new CliError(`rollout status is only supported on individual resources and resource collections - ${items.length} resources were found`);
      return items[0]!;
    });
    const uid = it.obj!.metadata.uid;
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
    let lastRV: string | undefined;
    for (;;) {
      const st = s.step(rt => {
        const o = rt.api.tryGet(it.ri, it.namespace, it.name);
        if (!o || o.metadata.uid !== uid) throw new CliError('object has been deleted');
        const changed = o.metadata.resourceVersion !== lastRV;
        lastRV = o.metadata.resourceVersion;
        const ev = changed ? statusOf(o, revision) : undefined;
        return { ev, next: rt.nextDue(), now: rt.clock.now() };
      });
      if (st.ev) {
        ctx.out.line(st.ev.message);
        ctx.out.flush();
        if (st.ev.done || !watch) return;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new CliError('timed out waiting for the condition');
      const untilTimer = st.next !== undefined ? st.next - st.now : Infinity;
      s.sleep(Math.max(5, Math.min(200, untilTimer, left)));
    }
  } finally {
    s.close();
  }
}
