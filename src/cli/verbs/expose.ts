// kubectl expose (-f FILENAME | TYPE NAME) [--port] [--protocol] [--target-port] [--name] [--external-ip] [--type]
// Looks up a pod, service, replication controller, deployment or replica set and makes a Service from it, as
// kubectl 1.33's ExposeServiceOptions.createService does: the selector from the object (or --selector), the
// port(s) from --port or the object's container/service ports (several get named port-1, port-2, ...; a port
// served over several protocols becomes port-N-<proto> entries), protocols from the object, labels from the
// object (or --labels), targetPort = --target-port or the port. The Service is typed: `-o json` prints it in
// Go field order, `--dry-run=client` prints it without creating it.
import { parseLabelSpec as parseLabels } from './common';
import { Command, Option } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, reportErrors, dryRunSuffix } from './common';
import { validationMode, LAST_APPLIED } from './apply';
import { CliError, StatusError } from '../../api/errors';
import { parseOutput, printObjects } from '../printers';
import { goYAML } from '../printers/yaml';
import type { KObject } from '../../api/types';
import { resourceForKind } from '../../api/discovery';
import { typedJSON, typedCompact, strMap } from '../generators/typed-json';
import { meta, OUTPUT_FORMATS, dryRunOf } from '../generators/common';
import { resolve, manifestsToItems } from '../builder';
import { readManifests } from '../manifests';

const EXPOSABLE = new Set(['/Pod', '/Service', '/ReplicationController', 'apps/Deployment', 'apps/ReplicaSet', 'extensions/Deployment', 'extensions/ReplicaSet']);

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('expose')
    .description('Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service')
    .argument('[args...]')
    .option('--protocol <protocol>', "The network protocol for the service to be created. Default is 'TCP'.", '')
    .option('--port <port>', 'The port that the service should serve on. Copied from the resource being exposed, if unspecified', '')
    .option('--type <type>', "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.", '')
    .option('--load-balancer-ip <ip>', 'IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific).', '')
    .option('--selector <selector>', 'A label selector to use for this service. Only equality-based selector requirements are supported.', '')
    .option('-l, --labels <labels>', 'Labels to apply to the service created by this call.', '')
    .option('--target-port <port>', 'Name or number for the port on the container that the service should direct traffic to. Optional.', '')
    .option('--external-ip <ip>', 'Additional external IP address (not managed by Kubernetes) to accept for the service.', '')
    .option('--name <name>', 'The name for the newly created object.', '')
    .option('--session-affinity <affinity>', "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'", '')
    .option('--cluster-ip <ip>', "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service.", '')
    .option('--overrides <json>', 'An inline JSON override for the generated object.')
    .option('--override-type <type>', 'The method used to override the generated object: json, merge, or strategic.', 'merge')
    .option('-o, --output <format>', 'Output format.')
    .option('--save-config', 'If true, the configuration of current object will be saved in its annotation.', false)
    .option('--record', 'Record current kubectl command in the resource annotation.', false)
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-expose')
    .option('--validate [mode]', 'Must be one of: strict (or true), warn, ignore (or false).', 'strict')
    .option('--allow-missing-template-keys', 'If true, ignore any errors in templates when a field or map key is missing in the template.', true)
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.', false)
    .option('--template <template>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.');
  addFilenameFlags(cmd, 'identifying the resource to expose a service');
  cmd.addOption(new Option('--dry-run [strategy]', 'Must be "none", "server", or "client".').preset('client'));
  cmd.action((args: string[], opts: any) => expose(ctx, args, opts));
}

/** polymorphichelpers.MapBasedSelectorForObject */
function selectorFor(o: KObject): Record<string, string> {
  const k = o.kind;
  if (k === 'Pod') {
    if (!Object.keys(o.metadata.labels ?? {}).length) throw new Error('the pod has no labels and cannot be exposed');
    return { ...o.metadata.labels! };
  }
  if (k === 'ReplicationController') return { ...(o.spec?.selector ?? {}) };
  if (k === 'Service') {
    if (!o.spec?.selector) throw new Error('the service has no pod selector set');
    return { ...o.spec.selector };
  }
  const sel = o.spec?.selector;
  if (!sel || !Object.keys(sel.matchLabels ?? {}).length) throw new Error(`invalid ${k.toLowerCase()}: no selectors, therefore cannot be exposed`);
  if ((sel.matchExpressions ?? []).length) {
    const exprs = sel.matchExpressions.map((e: any) => `{Key:${e.key ?? ''} Operator:${e.operator ?? ''} Values:[${(e.values ?? []).join(' ')}]}`).join(' ');
    throw new Error(`couldn't convert expressions - "[${exprs}]" to map-based selector format`);
  }
  return { ...(sel.matchLabels ?? {}) };
}
function podSpecOf(o: KObject): any {
  return o.kind === 'Pod' ? o.spec ?? {} : o.spec?.template?.spec ?? {};
}
/** polymorphichelpers.PortsForObject */
function portsFor(o: KObject): string[] {
  if (o.kind === 'Service') return (o.spec?.ports ?? []).map((p: any) => String(p.port));
  const out: string[] = [];
  for (const c of podSpecOf(o).containers ?? []) for (const p of c.ports ?? []) if (!out.includes(String(p.containerPort))) out.push(String(p.containerPort));
  return out;
}
/** polymorphichelpers.MultiProtocolsForObject */
function protocolsFor(o: KObject): Map<string, string[]> {
  const m = new Map<string, string[]>();
  if (o.kind === 'Service') {
    for (const p of o.spec?.ports ?? []) m.set(String(p.port), [p.protocol ?? 'TCP']);
    return m;
  }
  for (const c of podSpecOf(o).containers ?? []) for (const p of c.ports ?? []) {
    const k = String(p.containerPort);
    m.set(k, [...(m.get(k) ?? []), p.protocol || 'TCP']);
  }
  return m;
}
const makeLabels = (m: Record<string, string>) => Object.entries(m).map(([k, v]) => `${k}=${v}`).join(',');
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s) || Math.abs(Number(s)) > 9223372036854775807) throw new CliError(`strconv.Atoi: parsing ${JSON.stringify(s)}: ${/^[+-]?\d+$/.test(s) ? 'value out of range' : 'invalid syntax'}`);
  return Number(s);
}
/** int32(n) as Go converts it. */
const int32 = (n: number) => ((n % 4294967296) + 4294967296) % 4294967296 >= 2147483648 ? ((n % 4294967296) + 4294967296) % 4294967296 - 4294967296 : ((n % 4294967296) + 4294967296) % 4294967296;

interface Params {
  selector: string; port: string; ports: string; protocol: string; protocols: Map<string, string[]>; labels: string;
  name: string; defaultName: string; targetPort: string; externalIP: string; type: string; loadBalancerIP: string;
  sessionAffinity: string; clusterIP: string;
}

/** ExposeServiceOptions.createService, field by field in Go order. */
export function createService(p: Params): KObject {
  const selector = p.selector ? parseLabels(p.selector) : (() => { throw new CliError('selector must be specified'); })();
  const labels = p.labels ? parseLabels(p.labels) : undefined;
  const name = p.name || p.defaultName;
  if (!name) throw new CliError('name must be specified');
  const portString = p.ports || p.port;
  const ports: any[] = [];
  if (portString) {
    const list = portString.split(',');
    list.forEach((ps, i) => {
      const port = int32(atoi(ps));
      const pname = list.length > 1 ? `port-${i + 1}` : '';
      let protocol = p.protocol;
      if (!protocol && !p.protocols.size) protocol = 'TCP';
      else if (!protocol && p.protocols.size) {
        protocol = 'TCP';
        const found = p.protocols.get(ps);
        if (found) {
          if (found.length === 1) protocol = found[0]!;
          else {
            for (const pr of found) ports.push({ name: `port-${i + 1}-${pr.toLowerCase()}`, protocol: pr, port });
            return;
          }
        }
      }
      ports.push({ ...(pname ? { name: pname } : {}), protocol, port });
    });
  }
  const tp = p.targetPort;
  for (const sp of ports) {
    if (tp) sp.targetPort = /^[+-]?\d+$/.test(tp) && Math.abs(Number(tp)) <= 2147483647 ? int32(Number(tp)) : tp;
    else sp.targetPort = sp.port;
  }
  const spec: any = {};
  if (ports.length) spec.ports = ports;
  spec.selector = strMap(selector);
  if (p.clusterIP) spec.clusterIP = p.clusterIP;
  if (p.type) spec.type = p.type;
  if (p.externalIP) spec.externalIPs = [p.externalIP];
  if (p.sessionAffinity) {
    if (p.sessionAffinity !== 'None' && p.sessionAffinity !== 'ClientIP') throw new CliError(`unknown session affinity: ${p.sessionAffinity}`);
    spec.sessionAffinity = p.sessionAffinity;
  }
  if (p.type === 'LoadBalancer' && p.loadBalancerIP) spec.loadBalancerIP = p.loadBalancerIP;
  // Go field order of ServiceSpec: ports, selector, clusterIP, type, externalIPs, sessionAffinity, loadBalancerIP
  const ordered: any = {};
  for (const k of ['ports', 'selector', 'clusterIP', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerIP']) if (k in spec) ordered[k] = spec[k];
  return { kind: 'Service', apiVersion: 'v1', metadata: meta(name, { labels }), spec: ordered, status: { loadBalancer: {} } };
}

function expose(ctx: VerbContext, args: string[], opts: any): void {
  const fmt = opts.output ? parseOutput(opts.output, OUTPUT_FORMATS) : undefined;
  const dry = dryRunOf(ctx, opts.dryRun);
  const fieldValidation = validationMode(opts.validate);
  if (!['json', 'merge', 'strategic'].includes(opts.overrideType)) throw new CliError(`invalid override type: ${opts.overrideType}`);
  if (!args.length && !opts.filename.length)
    throw new CliError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
  const s = openSession(ctx);
  const errors: unknown[] = [];
  const printed: { obj: KObject; typed: boolean }[] = [];
  try {
    s.step(rt => {
      // -f: the objects as the files give them (kubectl does not fetch them); TYPE NAME: from the server
      const found = opts.filename.length
        ? { items: manifestsToItems(readManifests(opts.filename, opts.recursive), s.namespace, s.explicitNamespace).map(it => ({ ...it, obj: it.manifest })), errors: [] }
        : resolve(rt.api, { args, namespace: s.namespace, explicitNamespace: s.explicitNamespace, requireNames: true });
      if (opts.filename.length && args.length) throw new CliError(`Unexpected args: [${args.join(' ')}]\nSee 'kctl expose -h' for help and examples`);
      errors.push(...found.errors);
      for (const it of found.items) {
        try {
          const obj = it.obj!;
          const gk = `${it.ri.group}/${it.ri.kind}`;
          if (!EXPOSABLE.has(gk)) throw new CliError(`cannot expose a ${it.ri.group ? `${it.ri.kind}.${it.ri.group}` : it.ri.kind}`);
          const p: Params = {
            selector: opts.selector, port: opts.port, ports: '', protocol: opts.protocol, protocols: new Map(), labels: opts.labels,
            name: opts.name, defaultName: (it.name ?? '').slice(0, 63), targetPort: opts.targetPort, externalIP: opts.externalIp,
            type: opts.type, loadBalancerIP: opts.loadBalancerIp, sessionAffinity: opts.sessionAffinity, clusterIP: opts.clusterIp,
          };
          if (!p.selector) {
            try { p.selector = makeLabels(selectorFor(obj)); } catch (e) {
              throw new CliError(`couldn't retrieve selectors via --selector flag or introspection: ${(e as Error).message}`);
            }
          }
          if (!p.port) {
            const ports = portsFor(obj);
            if (!ports.length) { if (p.clusterIP !== 'None') throw new CliError("couldn't find port via --port flag or introspection"); }
            else if (ports.length === 1) p.port = ports[0]!;
            else p.ports = ports.join(',');
          }
          p.protocols = protocolsFor(obj);
          if (!p.labels) p.labels = makeLabels(obj.metadata.labels ?? {});
          let svc = createService(p);
          if (opts.overrides) svc = override(svc, opts.overrides, opts.overrideType);
          if (dry === 'client') {
            if (s.explicitNamespace) svc.metadata = reorderMeta({ ...svc.metadata, namespace: s.namespace });
            printed.push({ obj: svc, typed: true });
            continue;
          }
          const manifest = JSON.parse(JSON.stringify(svc)) as KObject;
          if (opts.saveConfig) (manifest.metadata.annotations ??= {})[LAST_APPLIED] = typedCompact(svc) + '\n';
          if (opts.record) (manifest.metadata.annotations ??= {})['kubernetes.io/change-cause'] = `kctl ${ctx.argv.join(' ')}`;
          if (manifest.metadata.creationTimestamp === null) delete manifest.metadata.creationTimestamp;
          manifest.metadata.namespace = s.namespace;
          const created = rt.atomic(() => rt.api.create(manifest, { dryRun: dry === 'server', fieldValidation }));
          for (const w of rt.api.warnings.splice(0)) ctx.out.err(`Warning: ${w}`);
          printed.push({ obj: created, typed: false });
          rt.settle();
        } catch (e) {
          if (e instanceof CliError || e instanceof StatusError) errors.push(e);
          else throw e;
        }
      }
    });
  } finally {
    s.close();
  }
  const ri = resourceForKind('v1', 'Service');
  for (const { obj, typed } of printed) {
    if (!fmt) { ctx.out.line(`service/${obj.metadata.name} exposed${dryRunSuffix(dry)}`); continue; }
    if (typed && fmt.format === 'json') { ctx.out.out(typedJSON(obj) + '\n'); continue; }
    if (fmt.format === 'yaml') { ctx.out.out(goYAML(obj)); continue; }
    ctx.out.out(printObjects(fmt, [{ obj, ri }], true));
  }
  reportErrors(ctx, errors);
}

function reorderMeta(m: any): any {
  const out: any = {};
  for (const k of ['name', 'namespace', 'creationTimestamp', 'labels', 'annotations']) if (k in m) out[k] = m[k];
  for (const k of Object.keys(m)) if (!(k in out)) out[k] = m[k];
  return out;
}

function override(svc: KObject, text: string, type: string): KObject {
  const { applyPatchText, PatchError } = require('../../api/patch') as typeof import('../../api/patch');
  try {
    if (type === 'merge') { try { JSON.parse(text); } catch { throw new CliError('Invalid JSON Patch'); } }
    return applyPatchText(JSON.parse(typedCompact(svc)), type as any, text, resourceForKind('v1', 'Service')) as KObject;
  } catch (e) {
    if (e instanceof PatchError || e instanceof SyntaxError) throw new CliError((e as Error).message);
    throw e;
  }
}
