// Node: field selectors, and heartbeats computed when read (src/api/heartbeat.ts).
import type { Strategy } from './types';
import { presentNode } from '../heartbeat';

export const nodeStrategy: Strategy = {
  fields: o => ({ 'spec.unschedulable': String(!!o.spec?.unschedulable) }),
  present: (o, api) => presentNode(o, api.store, api.clock.now()),
};
