// Kubelet heartbeats, computed from the clock when read (pkg/kubelet/nodelease and the kubelet's node status
// loop): a kubelet renews its Lease in kube-node-lease every 10 s and posts node status every 5 min when
// nothing changed (nodeStatusReportFrequency). Rather than writing every node every 10 s, what is stored is
// the last real post; a read moves renewTime and lastHeartbeatTime forward on their grid up to now, or up to
// the moment the node went down. A node being down is a flag (simulated failure) that the kubelet respects
// and the node-lifecycle controller reads; it lives in the cluster's meta, not in any API object.
import type { KObject } from './types';
import type { Store } from './store';

/** The kubelet's lease renew interval (0.25 × leaseDurationSeconds 40 s). */
export const LEASE_RENEW_MS = 10_000;
export const LEASE_DURATION_S = 40;
/** nodeStatusReportFrequency: an unchanged status is posted this often. */
export const NODE_STATUS_REPORT_MS = 5 * 60_000;

const downKey = (node: string) => `node-down/${node}`;

/** When the node went down (ms), or undefined while it is up. */
export function nodeDownSince(store: Store, node: string): number | undefined {
  const v = store.getMeta(downKey(node));
  return v ? Number(v) : undefined;
}
export function setNodeDown(store: Store, node: string, at: number | undefined): void {
  if (at === undefined) { if (store.getMeta(downKey(node))) store.setMeta(downKey(node), ''); }
  else store.setMeta(downKey(node), String(at));
}

/** The last tick of a heartbeat that started at `base` and beats every `period`, at or before `until`. */
export function lastBeat(base: number, until: number, period: number): number {
  if (until <= base) return base;
  return base + Math.floor((until - base) / period) * period;
}

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const micro = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** A Node as read: its conditions' lastHeartbeatTime moved to the kubelet's last status post. */
export function presentNode(node: KObject, store: Store, now: number): KObject {
  const conds: any[] | undefined = node.status?.conditions;
  if (!conds?.length) return node;
  const until = Math.min(now, nodeDownSince(store, node.metadata.name!) ?? now);
  let changed = false;
  const next = conds.map(c => {
    if (!c.lastHeartbeatTime) return c;
    const base = Date.parse(c.lastHeartbeatTime);
    const beat = lastBeat(base, until, NODE_STATUS_REPORT_MS);
    if (beat === base) return c;
    changed = true;
    return { ...c, lastHeartbeatTime: iso(beat) };
  });
  return changed ? { ...node, status: { ...node.status, conditions: next } } : node;
}

/** A node's Lease as read: renewTime moved to the kubelet's last renewal. */
export function presentLease(lease: KObject, store: Store, now: number): KObject {
  if (lease.metadata.namespace !== 'kube-node-lease' || !lease.spec?.renewTime) return lease;
  const until = Math.min(now, nodeDownSince(store, lease.metadata.name!) ?? now);
  const base = Date.parse(lease.spec.renewTime);
  const beat = lastBeat(base, until, LEASE_RENEW_MS);
  if (beat === base) return lease;
  return { ...lease, spec: { ...lease.spec, renewTime: micro(beat) } };
}

/** When the node's kubelet last renewed its lease (ms), as the node-lifecycle controller probes it. */
export function lastRenewal(lease: KObject | undefined, store: Store, now: number): number | undefined {
  if (!lease?.spec?.renewTime) return undefined;
  return Date.parse(presentLease(lease, store, now).spec.renewTime);
}
