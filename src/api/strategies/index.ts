// Kind → strategy. A kind with no entry gets the generic behaviour (store, validate metadata and schema).
import type { Strategy } from './types';
import { podStrategy } from './pod';
import { namespaceStrategy } from './namespace';
import { nodeStrategy } from './node';

const GENERATION: Strategy = { tracksGeneration: true };
const STRATEGIES: Record<string, Strategy> = {
  Pod: podStrategy,
  Namespace: namespaceStrategy,
  Node: nodeStrategy,
  Deployment: GENERATION, ReplicaSet: GENERATION, ReplicationController: GENERATION, StatefulSet: GENERATION,
  DaemonSet: GENERATION, Job: GENERATION, CronJob: GENERATION, HorizontalPodAutoscaler: GENERATION,
  Ingress: GENERATION, IngressClass: GENERATION, NetworkPolicy: GENERATION, PodDisruptionBudget: GENERATION,
  CustomResourceDefinition: GENERATION, FlowSchema: GENERATION, PriorityLevelConfiguration: GENERATION,
  ValidatingAdmissionPolicy: GENERATION,
};
const GENERIC: Strategy = {};

export function strategyFor(kind: string): Strategy {
  return STRATEGIES[kind] ?? GENERIC;
}
/** Register or extend a kind's strategy (kept in one place so a newcomer finds every kind here). */
export function registerStrategy(kind: string, s: Strategy): void {
  STRATEGIES[kind] = { ...(STRATEGIES[kind] ?? {}), ...s };
}
