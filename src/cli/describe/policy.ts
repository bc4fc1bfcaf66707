// kubectl describe poddisruptionbudget (policy/v1), as kubectl 1.33 lays it out: Name, Namespace, the one
// budget that is set (Min available, else Max unavailable), Selector, then Status and Events.
import type { KObject } from '../../api/types';
import type { DescribeContext } from './common';
import { eventsFor, describeEvents, formatLabelSelector } from './common';
import { PrefixWriter, LEVEL_0, LEVEL_2 } from './writer';

/** intstr.IntOrString's String(). */
const intOrString = (v: unknown): string => (typeof v === 'number' ? String(Math.trunc(v)) : String(v));
/** Go %d of an int32 status field that may be absent. */
const int = (v: unknown): string => (typeof v === 'number' ? String(Math.trunc(v)) : '0');

export function describePodDisruptionBudget(pdb: KObject, ctx: DescribeContext): string {
  const events = eventsFor(pdb, ctx);
  const spec = pdb.spec ?? {};
  const st = pdb.status ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${pdb.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${pdb.metadata.namespace ?? ''}\n`);
  if (spec.minAvailable != null) w.write(LEVEL_0, `Min available:\t${intOrString(spec.minAvailable)}\n`);
  else if (spec.maxUnavailable != null) w.write(LEVEL_0, `Max unavailable:\t${intOrString(spec.maxUnavailable)}\n`);
  if (spec.selector != null) w.write(LEVEL_0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
  else w.write(LEVEL_0, 'Selector:\t<unset>\n');
  w.write(LEVEL_0, 'Status:\n');
  w.write(LEVEL_2, `Allowed disruptions:\t${int(st.disruptionsAllowed)}\n`);
  w.write(LEVEL_2, `Current:\t${int(st.currentHealthy)}\n`);
  w.write(LEVEL_2, `Desired:\t${int(st.desiredHealthy)}\n`);
  w.write(LEVEL_2, `Total:\t${int(st.expectedPods)}\n`);
  describeEvents(events, w, ctx.now);
  return w.toString();
}
