// DaemonSet controller (pkg/controller/daemon): one pod per node that should run it (nodeSelector, required
// node affinity, taints against the template's tolerations plus the ones the controller adds), pinned by
// a matchFields node affinity and placed by the scheduler; pods on nodes that no longer qualify go (a pod
// that tolerates the NoExecute taints may stay), failed pods are replaced with back-off, RollingUpdate
// within maxUnavailable / maxSurge, OnDelete, ControllerRevisions (`<ds>-<hash>`, the pods'
// controller-revision-hash and pod-template-generation labels) and status. Node changes arrive as watch
// events, whatever makes them (kctl's node verbs, kubectl, another controller).
import type { Controller } from './types';
import type { Runtime } from '../sim/runtime';
import type { KObject, ObjectMeta } from '../api/types';
import type { WatchEvent } from '../api/server';
import { byGroupResource } from '../api/discovery';
import { fromLabelSelector, matches } from '../api/selectors';
import { clone, deepEqual } from '../util/objects';
import { isPodReady, isPodAvailable, parseISO } from './replicaset';
import { claimPods, controllerRef, controllerRefOf, endSyncOnApiError, ownerUnchanged, OrphanHints, podFromTemplate, PodControl, podsPrefix,
  requeueOnTimer, slowStartBatch, updateStatus, type PodSpec, type PodTemplateSpec } from './podcontrol';
import { computeHash } from './deployment';
import { templatePatch, ownedRevisions, nextRevision, bumpRevision, deleteRevision, goJSON, crRi } from './history';
import { controllerEvent } from './recorder';

const NAME = 'daemonset';
const COMPONENT = { component: 'daemonset-controller' };
const TIMER = 'daemonset-requeue';
const HASH_LABEL = 'controller-revision-hash';
const GEN_LABEL = 'pod-template-generation';
export const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';
const BURST = 250;
/** SlowStartInitialBatchSize */
const SLOW_START_INITIAL_BATCH = 1;

const dsRi = () => byGroupResource('apps', 'daemonsets')!;
const nodeRi = () => byGroupResource('', 'nodes')!;

// ---------------------------------------------------------------------------------------------------------
// which nodes should run a daemon pod

/** util.AddOrUpdateDaemonPodTolerations: what every daemon pod tolerates. */
export function addDaemonTolerations(spec: PodSpec): void {
  const want: any[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork) want.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  const tol = (spec.tolerations ??= []);
  for (const t of want) {
    // AddOrUpdateTolerationInPodSpec: an equal toleration (key, operator, value, effect) is replaced in place
    const i = tol.findIndex(x => x.key === t.key && (x.operator ?? 'Equal') === t.operator && (x.value ?? '') === '' && x.effect === t.effect);
    if (i >= 0) tol[i] = t; else tol.push(t);
  }
}
function tolerates(tols: any[], taint: any): boolean {
  return tols.some(t => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}
function termMatches(term: any, node: KObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const e of term.matchExpressions ?? []) {
    const has = e.key in labels, v = labels[e.key];
    if (e.operator === 'In' && !(has && (e.values ?? []).includes(v))) return false;
    if (e.operator === 'NotIn' && has && (e.values ?? []).includes(v)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
    if (e.operator === 'Gt' && !(has && Number(v) > Number(e.values?.[0]))) return false;
    if (e.operator === 'Lt' && !(has && Number(v) < Number(e.values?.[0]))) return false;
  }
  for (const f of term.matchFields ?? []) {
    const v = f.key === 'metadata.name' ? node.metadata.name : undefined;
    if (f.operator === 'In' && !(f.values ?? []).includes(v)) return false;
    if (f.operator === 'NotIn' && (f.values ?? []).includes(v)) return false;
  }
  return (term.matchExpressions ?? []).length + (term.matchFields ?? []).length > 0;
}
/** NodeShouldRunDaemonPod: [should run a new pod, may keep a running one]. */
export function nodeShouldRun(node: KObject, ds: KObject): [boolean, boolean] {
  const tspec = ds.spec?.template?.spec ?? {};
  if (tspec.nodeName && tspec.nodeName !== node.metadata.name) return [false, false];
  const ns = tspec.nodeSelector;
  if (ns && Object.keys(ns).length && !matches(fromLabelSelector({ matchLabels: ns }), node.metadata.labels)) return [false, false];
  const terms = tspec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !terms.some((t: any) => termMatches(t, node))) return [false, false];
  const spec = clone(tspec);
  addDaemonTolerations(spec);
  const taints: any[] = node.spec?.taints ?? [];
  const untolerated = taints.filter(t => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(spec.tolerations, t));
  if (!untolerated.length) return [true, true];
  return [false, !untolerated.some(t => t.effect === 'NoExecute')];
}

// ---------------------------------------------------------------------------------------------------------

const templateGeneration = (ds: KObject): string | undefined => ds.metadata.annotations?.[TEMPLATE_GENERATION];
/** util.IsPodUpdated: the pod carries the current hash (or, for old pods, the template generation). */
const podUpdated = (p: KObject, hash: string, gen: string | undefined) =>
  (!!hash && p.metadata.labels?.[HASH_LABEL] === hash) || (gen !== undefined && p.metadata.labels?.[GEN_LABEL] === gen);
const byAge = (a: KObject, b: KObject) => {
  const d = parseISO(a.metadata.creationTimestamp) - parseISO(b.metadata.creationTimestamp);
  if (d) return d;
  return a.metadata.name! < b.metadata.name! ? -1 : 1;
};
function scaledValue(v: unknown, total: number): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = String(v).match(/^(\d+)%$/);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : Number(v) || 0;
}

/** The node a daemon pod is meant for: spec.nodeName, or the matchFields term the controller wrote. */
function targetNode(p: KObject): string | undefined {
  if (p.spec?.nodeName) return p.spec.nodeName;
  for (const t of p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

class Sync {
  now: number;
  created = 0;
  deleted = 0;
  pc: PodControl;
  constructor(public rt: Runtime, public ds: KObject) { this.now = rt.clock.now(); this.pc = new PodControl(rt, ds, COMPONENT); }
  event(type: 'Normal' | 'Warning', reason: string, msg: string): void { controllerEvent(this.rt, this.ds, type, reason, msg, COMPONENT); }

  /** constructHistory: the revision of the current template (created or re-numbered), and the others. */
  history(): { hash: string; old: KObject[] } | undefined {
    const ds = this.ds;
    const revs = ownedRevisions(this.rt, ds);
    const data = templatePatch(ds);
    const cur = revs.filter(r => goJSON(r.data) === goJSON(data));
    const old = revs.filter(r => !cur.includes(r));
    const max = nextRevision(old);
    let current: KObject | undefined = cur[cur.length - 1];
    for (const extra of cur.slice(0, -1)) deleteRevision(this.rt, extra); // dedupe
    if (current) {
      if ((current.revision ?? 0) < max) current = bumpRevision(this.rt, current, max);
    } else {
      let collision: number = ds.status?.collisionCount ?? 0;
      for (let i = 0; i < 10 && !current; i++) {
        const hash = computeHash(ds.spec?.template, collision || undefined);
        const name = `${ds.metadata.name}-${hash}`;
        const existing = this.rt.api.tryGet(crRi(), ds.metadata.namespace, name);
        if (existing) {
          if (goJSON(existing.data) === goJSON(data) && controllerRefOf(existing)?.uid === ds.metadata.uid) { current = bumpRevision(this.rt, existing, max); break; }
          collision++;
          continue;
        }
        const md: ObjectMeta = { name, namespace: ds.metadata.namespace, labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [HASH_LABEL]: hash },
          ownerReferences: [controllerRef(ds, 'apps/v1', 'DaemonSet')] };
        if (ds.metadata.annotations && Object.keys(ds.metadata.annotations).length) md.annotations = { ...ds.metadata.annotations };
        current = this.rt.api.create({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: md, data, revision: max });
      }
      if (collision !== (ds.status?.collisionCount ?? 0)) this.ds.status = { ...(this.ds.status ?? {}), collisionCount: collision };
    }
    if (!current) return undefined;
    return { hash: current.metadata.labels?.[HASH_LABEL] ?? '', old };
  }

  /** getDaemonPods (claim, adopt, release) grouped by the node each is meant for. */
  nodeToPods(): Map<string, KObject[]> {
    const ds = this.ds;
    const out = new Map<string, KObject[]>();
    const pods = claimPods(this.rt, ds, {
      selector: fromLabelSelector(ds.spec?.selector ?? {}), ref: controllerRef(ds, 'apps/v1', 'DaemonSet'),
      orphans: hints.take(this.rt, `${ds.metadata.namespace}/${ds.metadata.name}`),
    });
    for (const p of pods) {
      const n = targetNode(p);
      if (!n) continue;
      let l = out.get(n);
      if (!l) out.set(n, (l = []));
      l.push(p);
    }
    for (const l of out.values()) l.sort(byAge);
    return out;
  }

  /** manage: create where missing, delete where not wanted, failed or duplicated. */
  manage(nodes: KObject[], byNode: Map<string, KObject[]>, hash: string): void {
    const create: string[] = [], del: KObject[] = [];
    const names = new Set(nodes.map(n => n.metadata.name!));
    for (const node of nodes) {
      const [run, keep] = nodeShouldRun(node, this.ds);
      const pods = byNode.get(node.metadata.name!) ?? [];
      if (run && !pods.length) { create.push(node.metadata.name!); continue; }
      if (keep) {
        const running: KObject[] = [];
        for (const p of pods) {
          if (p.metadata.deletionTimestamp) continue;
          if (p.status?.phase === 'Failed') {
            if (this.inBackoff(node.metadata.name!)) continue;
            this.event('Warning', 'FailedDaemonPod', `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${node.metadata.name}, will try to kill it`);
            del.push(p);
          } else if (p.status?.phase === 'Succeeded') del.push(p);
          else running.push(p);
        }
        if (!this.surge()) { for (const p of running.slice(1)) del.push(p); }
        else if (running.length === 0 && run) create.push(node.metadata.name!);
        else if (running.length > 1) {
          // surging: keep the oldest new pod, and the oldest old one until the new one is available
          // (or while the old one is still ready); everything else goes
          let oldestNew: KObject | undefined, oldestOld: KObject | undefined;
          for (const p of running) {
            if (p.metadata.labels?.[HASH_LABEL] === hash) { if (!oldestNew) { oldestNew = p; continue; } }
            else if (!oldestOld) { oldestOld = p; continue; }
            del.push(p);
          }
          if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, this.ds.spec?.minReadySeconds ?? 0, this.now))) del.push(oldestOld);
        }
      } else if (pods.length) {
        for (const p of pods) if (!p.metadata.deletionTimestamp) del.push(p);
      }
    }
    // pods meant for nodes that are gone and never scheduled
    for (const [n, pods] of byNode) if (!names.has(n)) for (const p of pods) if (!p.spec?.nodeName && !p.metadata.deletionTimestamp) del.push(p);
    this.syncNodes(del, create, hash);
  }
  inBackoff(node: string): boolean {
    const k = `ds-backoff/${this.ds.metadata.uid}/${node}`;
    const raw = this.rt.store.getMeta(k);
    const b = raw ? JSON.parse(raw) as { n: number; at: number } : undefined;
    const delay = b ? Math.min(15 * 60_000, 1000 * 2 ** (b.n - 1)) : 0;
    if (b && this.now < b.at + delay) { this.rt.after(b.at + delay - this.now, TIMER, `${this.ds.metadata.namespace}/${this.ds.metadata.name}`); return true; }
    this.rt.store.setMeta(k, JSON.stringify({ n: (b?.n ?? 0) + 1, at: this.now }));
    return false;
  }
  surge(): boolean {
    const us = this.ds.spec?.updateStrategy ?? {};
    return us.type === 'RollingUpdate' && scaledValue(us.rollingUpdate?.maxSurge, 1) > 0;
  }

  syncNodes(del: KObject[], create: string[], hash: string): void {
    const ds = this.ds;
    const labels: Record<string, string> = {};
    const gen = templateGeneration(ds);
    if (gen !== undefined) labels[GEN_LABEL] = gen;
    if (hash) labels[HASH_LABEL] = hash;
    const ref = controllerRef(ds, 'apps/v1', 'DaemonSet');
    const tpl: PodTemplateSpec | undefined = ds.spec?.template;
    slowStartBatch(Math.min(create.length, BURST), SLOW_START_INITIAL_BATCH, i => {
      const pod = podFromTemplate(tpl, ds.metadata.namespace, ref, { generateName: podsPrefix(ds.metadata.name!), labels });
      const spec = pod.spec;
      addDaemonTolerations(spec);
      // ReplaceDaemonSetPodNodeNameNodeAffinity: the pod may only go to its node
      spec.affinity ??= {};
      spec.affinity.nodeAffinity ??= {};
      spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [create[i]] }] }] };
      if (this.pc.create(pod).ok) { this.created++; return true; }
      this.rt.after(10_000, TIMER, `${ds.metadata.namespace}/${ds.metadata.name}`);
      return false;
    });
    for (const p of del.slice(0, BURST)) {
      const r = this.pc.delete(p);
      if (r.ok && !r.gone) this.deleted++;
    }
  }

  /** rollingUpdate within maxUnavailable (delete old pods) or maxSurge (create new ones beside them). */
  rollingUpdate(nodes: KObject[], byNode: Map<string, KObject[]>, hash: string): void {
    const ds = this.ds;
    const min = ds.spec?.minReadySeconds ?? 0;
    const gen = templateGeneration(ds);
    let desired = 0;
    const wanted: string[] = [];
    for (const n of nodes) if (nodeShouldRun(n, ds)[0]) { desired++; wanted.push(n.metadata.name!); }
    const ru = ds.spec?.updateStrategy?.rollingUpdate ?? {};
    let maxUnavailable = scaledValue(ru.maxUnavailable, desired), maxSurge = scaledValue(ru.maxSurge, desired);
    if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
    const names = [...new Set([...byNode.keys(), ...wanted])].sort();
    const split = (pods: KObject[]): { nw?: KObject; old?: KObject; ok: boolean } => {
      let nw: KObject | undefined, old: KObject | undefined;
      for (const p of pods) {
        if (p.metadata.deletionTimestamp) continue;
        if (podUpdated(p, hash, gen)) { if (nw) return { ok: false }; nw = p; } else { if (old) return { ok: false }; old = p; }
      }
      return { nw, old, ok: true };
    };
    if (maxSurge === 0) {
      let unavailable = 0;
      const replace: KObject[] = [], candidates: KObject[] = [];
      for (const n of names) {
        const { nw, old, ok } = split(byNode.get(n) ?? []);
        if (!ok) { unavailable++; continue; }
        if ((!old && !nw) || (old && nw)) { unavailable++; continue; }
        if (nw) { if (!isPodAvailable(nw, min, this.now)) unavailable++; continue; }
        if (!isPodAvailable(old!, min, this.now)) replace.push(old!);
        else if (unavailable >= maxUnavailable) continue;
        else candidates.push(old!);
      }
      const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
      this.syncNodes([...replace, ...candidates.slice(0, room)], [], hash);
      return;
    }
    let surging = 0;
    const allowed: string[] = [], candidates: string[] = [], del: KObject[] = [];
    const wantedSet = new Set(wanted);
    for (const n of names) {
      const { nw, old, ok } = split(byNode.get(n) ?? []);
      if (!ok || !old) continue;
      if (!wantedSet.has(n)) continue;
      if (!nw) {
        if (!isPodAvailable(old, min, this.now)) allowed.push(n);
        else if (surging >= maxSurge) continue;
        else candidates.push(n);
      } else {
        if (!isPodAvailable(nw, min, this.now)) { surging++; continue; }
        del.push(old);
      }
    }
    const room = Math.min(Math.max(0, maxSurge - surging), candidates.length);
    this.syncNodes(del, [...allowed, ...candidates.slice(0, room)], hash);
  }

  cleanupHistory(old: KObject[], byNode: Map<string, KObject[]>): void {
    const limit = this.ds.spec?.revisionHistoryLimit ?? 10;
    const excess = old.length - limit;
    if (excess <= 0) return;
    const live = new Set<string>();
    for (const pods of byNode.values()) for (const p of pods) live.add(p.metadata.labels?.[HASH_LABEL] ?? '');
    let toKill = excess;
    for (const r of old) {
      if (toKill <= 0) break;
      if (live.has(r.metadata.labels?.[HASH_LABEL] ?? '')) continue;
      deleteRevision(this.rt, r);
      toKill--;
    }
  }

  status(nodes: KObject[], byNode: Map<string, KObject[]>, hash: string): void {
    const ds = this.ds;
    const min = ds.spec?.minReadySeconds ?? 0;
    const gen = templateGeneration(ds);
    let desired = 0, current = 0, mis = 0, ready = 0, available = 0, updated = 0;
    for (const n of nodes) {
      const [run] = nodeShouldRun(n, ds);
      const pods = byNode.get(n.metadata.name!) ?? [];
      const scheduled = pods.length > 0;
      if (!run) { if (scheduled) mis++; continue; }
      desired++;
      if (!scheduled) continue;
      current++;
      const p = [...pods].sort((a, b) => {
        // podByCreationTimestampAndPhase: running pods first among equals
        const d = byAge(a, b);
        return d;
      })[0]!;
      if (isPodReady(p)) {
        ready++;
        if (isPodAvailable(p, min, this.now)) available++;
      }
      if (podUpdated(p, hash, gen)) updated++;
    }
    const st: any = { currentNumberScheduled: current, desiredNumberScheduled: desired, numberMisscheduled: mis, numberReady: ready,
      observedGeneration: ds.metadata.generation ?? 0 };
    if (available) st.numberAvailable = available;
    if (updated) st.updatedNumberScheduled = updated;
    if (desired - available) st.numberUnavailable = desired - available;
    if (ds.status?.collisionCount) st.collisionCount = ds.status.collisionCount;
    if (ds.status?.conditions) st.conditions = ds.status.conditions;
    const ordered: any = {};
    for (const k of Object.keys(st).sort()) ordered[k] = st[k];
    const cur = this.rt.api.tryGet(dsRi(), ds.metadata.namespace, ds.metadata.name!);
    if (cur && !deepEqual(ordered, cur.status ?? {})) updateStatus(this.rt, dsRi(), ds, ordered);
  }
}

function sync(key: string, rt: Runtime): void {
  const i = key.indexOf('/');
  const ds = rt.api.tryGet(dsRi(), key.slice(0, i), key.slice(i + 1));
  if (!ds) { rt.cancel(TIMER, key); return; }
  const s = new Sync(rt, clone(ds));
  const sel = ds.spec?.selector;
  if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) {
    s.event('Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
    return;
  }
  const nodes = rt.api.list(nodeRi(), undefined);
  if (ds.metadata.deletionTimestamp) return;
  const h = s.history();
  if (!h) return;
  let byNode = s.nodeToPods();
  s.manage(nodes, byNode, h.hash);
  // expectations: a sync that created or deleted pods waits for them before rolling anything
  if (!s.created && !s.deleted && ds.spec?.updateStrategy?.type !== 'OnDelete') {
    s.rollingUpdate(nodes, byNode, h.hash);
  }
  byNode = s.nodeToPods();
  s.cleanupHistory(h.old, byNode);
  s.status(nodes, byNode, h.hash);
}

// ---------------------------------------------------------------------------------------------------------
// events → keys

const hints = new OrphanHints();

/** Does a node change matter to daemon sets (labels, taints, unschedulable, readiness, existence)? */
function nodeChanged(ev: WatchEvent): boolean {
  if (ev.type !== 'MODIFIED' || !ev.old) return true;
  const o = ev.old, n = ev.obj;
  const ready = (x: KObject) => (x.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status;
  return !deepEqual(o.metadata.labels, n.metadata.labels) || !deepEqual(o.spec, n.spec) || ready(o) !== ready(n);
}

function onEvent(ev: WatchEvent, enqueue: (key: string) => void, rt: Runtime): void {
  const { ri, obj } = ev;
  const ns = obj.metadata.namespace;
  if (ri.group === 'apps' && ri.kind === 'DaemonSet') {
    const key = `${ns}/${obj.metadata.name}`;
    if (ev.type === 'DELETED') { rt.cancel(TIMER, key); return; }
    if (ev.type === 'ADDED') hints.addMatching(rt, key, ns, fromLabelSelector(obj.spec?.selector ?? {}));
    if (ownerUnchanged(ev, true)) return;
    enqueue(key);
    return;
  }
  if (ri.group === '' && ri.kind === 'Pod') {
    const r = controllerRefOf(obj), old = ev.old ? controllerRefOf(ev.old) : undefined;
    if (r?.kind === 'DaemonSet') {
      enqueue(`${ns}/${r.name}`);
      // a pod that turned ready is available minReadySeconds later: look again then (plus a second, as kube does)
      if (ev.type === 'MODIFIED' && isPodReady(obj) && !(ev.old && isPodReady(ev.old))) {
        const d = rt.api.tryGet(dsRi(), ns, r.name);
        const min = d?.spec?.minReadySeconds ?? 0;
        if (min > 0) rt.after(min * 1000 + 1000, TIMER, `${ns}/${r.name}`);
      }
    }
    if (old?.kind === 'DaemonSet' && old.uid !== r?.uid) enqueue(`${ns}/${old.name}`);
    if (r || ev.type === 'DELETED' || obj.metadata.deletionTimestamp) return;
    if (ev.type === 'MODIFIED' && ev.old && !controllerRefOf(ev.old) && deepEqual(ev.old.metadata.labels, obj.metadata.labels)) return;
    for (const d of rt.api.list(dsRi(), ns)) {
      const sel = fromLabelSelector(d.spec?.selector ?? {});
      if (!d.metadata.deletionTimestamp && sel.length && matches(sel, obj.metadata.labels)) { hints.add(rt, `${ns}/${d.metadata.name}`, obj.metadata.name!); enqueue(`${ns}/${d.metadata.name}`); }
    }
    return;
  }
  if (ri.group === '' && ri.kind === 'Node' && nodeChanged(ev)) {
    for (const d of rt.api.list(dsRi(), undefined)) enqueue(`${d.metadata.namespace}/${d.metadata.name}`);
  }
}

export const daemonSetController: Controller = {
  name: NAME,
  kinds: ['apps/DaemonSet', 'Pod', 'Node'],
  timers: [TIMER],
  onEvent,
  reconcile(key, rt) { endSyncOnApiError(NAME, key, () => sync(key, rt)); },
  onTimer: requeueOnTimer(NAME),
};
