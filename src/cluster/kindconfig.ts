// kind's cluster config file (kind: Cluster, apiVersion: kind.x-k8s.io/v1alpha4), plus kctl's own
// optional extras for simulated networking: `kctl: {loadBalancerPool: [...], ingressAddress: ...}`.
import { CliError } from '../api/errors';
import { KUBE_YAML } from '../util/yaml11';

export interface KindConfig { name?: string; roles: ('control-plane' | 'worker')[]; labels: (Record<string, string> | undefined)[]; loadBalancerPool?: string[]; ingressAddress?: string }

export function parseKindConfig(text: string, source: string): KindConfig {
  const YAML = require('yaml') as typeof import('yaml');
  let doc: any;
  try { doc = YAML.parse(text, KUBE_YAML); } catch (e: any) { throw new CliError(`error parsing ${source}: ${e.message}`); }
  if (!doc || typeof doc !== 'object') throw new CliError(`error parsing ${source}: not a kind cluster config`);
  if (doc.kind !== 'Cluster') throw new CliError(`unknown kind "${doc.kind}" in ${source}: expected "Cluster"`);
  if (doc.apiVersion !== 'kind.x-k8s.io/v1alpha4') throw new CliError(`unknown apiVersion "${doc.apiVersion}" in ${source}: expected "kind.x-k8s.io/v1alpha4"`);
  const nodes = Array.isArray(doc.nodes) && doc.nodes.length ? doc.nodes : [{ role: 'control-plane' }];
  const roles = nodes.map((n: any, i: number) => {
    const r = n?.role ?? 'control-plane';
    if (r !== 'control-plane' && r !== 'worker') throw new CliError(`invalid role "${r}" for node ${i} in ${source}: must be "control-plane" or "worker"`);
    return r;
  });
  if (!roles.includes('control-plane')) throw new CliError(`invalid cluster config ${source}: must have at least one control-plane node`);
  const name = typeof doc.name === 'string' ? doc.name : undefined;
  const ext = doc.kctl ?? {};
  // Nodes are named once the cluster's name is known (defaultNodes).
  return { name, roles, labels: nodes.map((n: any) => n?.labels), loadBalancerPool: ext.loadBalancerPool, ingressAddress: ext.ingressAddress };
}
