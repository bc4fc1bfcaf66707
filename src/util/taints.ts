// Taints and tolerations as k8s.io/api/core/v1 and the v1 helper define them (ToleratesTaint, MatchTaint,
// GetMatchingTolerations, FindMatchingUntoleratedTaint), shared by the scheduler and the controllers.
export interface Taint { key: string; value?: string; effect: string; timeAdded?: string }
export interface Toleration { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number | null }

/** Toleration.ToleratesTaint */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '': case 'Equal': return (t.value ?? '') === (taint.value ?? '');
    case 'Exists': return true;
    default: return false;
  }
}
export const tolerates = (tolerations: Toleration[] | undefined, taint: Taint) => (tolerations ?? []).some(t => toleratesTaint(t, taint));

/** GetMatchingTolerations: whether every taint is tolerated, and the first toleration used for each. */
export function matchingTolerations(taints: Taint[], tolerations: Toleration[] | undefined): { all: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = (tolerations ?? []).find(x => toleratesTaint(x, taint));
    if (!t) return { all: false, used: [] };
    used.push(t);
  }
  return { all: true, used };
}

/** FindMatchingUntoleratedTaint with a filter on the taints considered. */
export function firstUntolerated(taints: Taint[] | undefined, tolerations: Toleration[] | undefined, filter: (t: Taint) => boolean): Taint | undefined {
  return (taints ?? []).find(t => filter(t) && !tolerates(tolerations, t));
}

/** Taint.ToString: key=value:effect, key:effect, key=value:, key. */
export function taintToString(t: { key?: string; value?: string; effect?: string }): string {
  const k = t.key ?? '';
  if (!t.effect) return t.value ? `${k}=${t.value}:` : k;
  return t.value ? `${k}=${t.value}:${t.effect}` : `${k}:${t.effect}`;
}
