// kubectl debug, as k8s.io/kubectl/pkg/cmd/debug: an ephemeral container added to a running pod through the
// pods/ephemeralcontainers subresource (--target joins a container's process namespace: `ps` there shows its
// processes), a copy of a pod with a debug container (--copy-to, --set-image, --replace, --same-node), or a
// pod on a node with the host's namespaces and its root at /host (node/NAME); the profiles (legacy, general,
// baseline, restricted, netadmin, sysadmin) and, with -i, attaching once the container runs.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import type { Runtime } from '../../sim/runtime';
import type { KObject } from '../../api/types';
import type { V1Container, V1EphemeralContainer, V1PodSpec } from '../../api/k8s';
import { openSession } from './common';
import { CliError, StatusError } from '../../api/errors';
import { byGroupResource } from '../../api/discovery';
import { clone } from '../../util/objects';
import { keep } from '../async';
import { argsLenAtDash } from './exec';

const PROFILES = ['legacy', 'general', 'baseline', 'netadmin', 'restricted', 'sysadmin'];
const REFERENCE = /^((?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[(?:[a-fA-F0-9:]+)\])(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,})?$/;

export function register(program: Command, ctx: VerbContext): void {
  const kv = (v: string, p: Record<string, string> = {}) => {
    for (const part of v.split(',')) { const i = part.indexOf('='); if (i > 0) p[part.slice(0, i)] = part.slice(i + 1); }
    return p;
  };
  program.command('debug')
    .argument('[args...]')
    .option('-f, --filename <file>', 'identifying the resource to debug', (v: string, p: string[] = []) => p.concat([v]))
    .option('--arguments-only', 'If specified, everything after -- will be passed to the new container as Args instead of Command.', false)
    .option('--attach', "If true, wait for the container to start running, and then attach as if 'kubectl attach ...' were called.")
    .option('-c, --container <name>', 'Container name to use for debug container.')
    .option('--copy-to <name>', 'Create a copy of the target Pod with this name.')
    .option('--replace', "When used with '--copy-to', delete the original Pod.", false)
    .option('--env <kv>', 'Environment variables to set in the container.', kv)
    .option('--image <image>', 'Container image to use for debug container.')
    .option('--keep-labels', 'If true, keep the original pod labels.', false)
    .option('--keep-annotations', 'If true, keep the original pod annotations.', false)
    .option('--keep-liveness', 'If true, keep the original pod liveness probes.', false)
    .option('--keep-readiness', 'If true, keep the original pod readiness probes.', false)
    .option('--keep-startup', 'If true, keep the original startup probes.', false)
    .option('--keep-init-containers', 'Run the init containers for the pod.', true)
    .option('--set-image <kv>', "When used with '--copy-to', a list of name=image pairs for changing container images.", kv)
    .option('--image-pull-policy <policy>', 'The image pull policy for the container.', '')
    .option('-i, --stdin', 'Keep stdin open on the container(s) in the pod, even if nothing is attached.', false)
    .option('-q, --quiet', 'If true, suppress informational messages.', false)
    .option('--same-node', "When used with '--copy-to', schedule the copy of target Pod on the same node.", false)
    .option('--share-processes', "When used with '--copy-to', enable process namespace sharing in the copy.", true)
    .option('--target <name>', 'When using an ephemeral container, target processes in this container name.', '')
    .option('-t, --tty', 'Allocate a TTY for the debugging container.', false)
    .option('--profile <profile>', 'Options are "legacy", "general", "baseline", "netadmin", "restricted" or "sysadmin".', 'legacy')
    .option('--custom <file>', 'Path to a JSON or YAML file containing a partial container spec to customize built-in debug profiles.')
    .action((args: string[], opts: RawOpts) => { keep(debug(ctx, args, opts)); });
}

/** The flags as commander parses them. */
interface RawOpts {
  filename?: string[]; argumentsOnly: boolean; attach?: boolean; container?: string; copyTo?: string; replace: boolean;
  env?: Record<string, string>; image?: string; keepLabels: boolean; keepAnnotations: boolean; keepLiveness: boolean;
  keepReadiness: boolean; keepStartup: boolean; keepInitContainers: boolean; setImage?: Record<string, string>;
  imagePullPolicy: string; stdin: boolean; quiet: boolean; sameNode: boolean; shareProcesses: boolean; target: string;
  tty: boolean; profile: string; custom?: string;
}
/** A container as written with kubectl debug (an ephemeral container has a container's fields). */
type DebugContainer = V1Container | V1EphemeralContainer;

interface Opts {
  targetNames: string[]; args: string[]; argsOnly: boolean; attach: boolean; container: string; copyTo: string; replace: boolean;
  env: { name: string; value: string }[]; image: string; pullPolicy: string; interactive: boolean; quiet: boolean; sameNode: boolean;
  shareProcesses: boolean; shareChanged: boolean; target: string; tty: boolean; profile: string; setImages: Record<string, string>;
  keep: { labels: boolean; annotations: boolean; liveness: boolean; readiness: boolean; startup: boolean; initContainers: boolean };
  /** --custom: a partial container spec. */
  custom?: Partial<V1Container>;
}

async function debug(ctx: VerbContext, args: string[], raw: RawOpts): Promise<void> {
  const { writeFd } = require('../stream') as typeof import('../stream');
  // Complete
  const atDash = argsLenAtDash(ctx.argv, 'debug');
  let targetNames = args, cmdArgs: string[] = [];
  if (atDash >= 0 && args.length > atDash) { targetNames = args.slice(0, atDash); cmdArgs = args.slice(atDash); }
  const attachChanged = raw.attach !== undefined;
  const o: Opts = {
    targetNames, args: cmdArgs, argsOnly: !!raw.argumentsOnly, attach: attachChanged ? !!raw.attach : !!raw.stdin, container: raw.container ?? '',
    copyTo: raw.copyTo ?? '', replace: !!raw.replace, image: raw.image ?? '', pullPolicy: raw.imagePullPolicy ?? '', interactive: !!raw.stdin,
    quiet: !!raw.quiet, sameNode: !!raw.sameNode, shareProcesses: raw.shareProcesses !== false, shareChanged: ctx.argv.some(a => a.startsWith('--share-processes')),
    target: raw.target ?? '', tty: !!raw.tty, profile: raw.profile, setImages: raw.setImage ?? {},
    env: Object.entries((raw.env ?? {}) as Record<string, string>).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([name, value]) => ({ name, value })),
    keep: { labels: !!raw.keepLabels, annotations: !!raw.keepAnnotations, liveness: !!raw.keepLiveness, readiness: !!raw.keepReadiness, startup: !!raw.keepStartup, initContainers: raw.keepInitContainers !== false },
  };
  if (!PROFILES.includes(o.profile)) throw new CliError(`unknown profile: ${o.profile}`);
  if (raw.custom) {
    const fs = require('node:fs') as typeof import('node:fs');
    let text: string;
    try { text = fs.readFileSync(raw.custom, 'utf8'); } catch (e) { throw new CliError(`must pass a container spec json file for custom profile: open ${raw.custom}: no such file or directory`); }
    try { o.custom = JSON.parse(text); } catch {
      try { o.custom = (require('yaml') as typeof import('yaml')).parse(text); } catch (e) { throw new CliError(`${raw.custom} does not contain a valid container spec: ${(e as Error).message}`); }
    }
  }
  // Validate
  if (o.attach && attachChanged && !o.image && !o.container) throw new CliError('you must specify --container or create a new container using --image in order to attach.');
  if (o.copyTo) {
    if (!o.image && !Object.keys(o.setImages).length && !o.args.length) throw new CliError('you must specify --image, --set-image or command arguments.');
    if (o.args.length && !o.container && !o.image) throw new CliError('you must specify an existing container or a new image when specifying args.');
  } else {
    if (o.replace) throw new CliError('--replace may only be used with --copy-to.');
    if (o.sameNode) throw new CliError('--same-node may only be used with --copy-to.');
    if (Object.keys(o.setImages).length) throw new CliError('--set-image may only be used with --copy-to.');
    if (!o.image) throw new CliError('you must specify --image when not using --copy-to.');
  }
  if (o.image && !REFERENCE.test(o.image)) throw new CliError(`invalid image name ${JSON.stringify(o.image)}: invalid reference format`);
  if (!o.targetNames.length && !(raw.filename ?? []).length) throw new CliError('NAME or filename is required for debug');
  if (!['Always', 'IfNotPresent', 'Never', ''].includes(o.pullPolicy)) throw new CliError(`invalid image pull policy: ${o.pullPolicy}`);
  for (const [name, image] of Object.entries(o.setImages)) if (!REFERENCE.test(image)) throw new CliError(`invalid image name ${JSON.stringify(image)} for container ${JSON.stringify(name)}: invalid reference format`);
  if (o.target) {
    if (o.copyTo) throw new CliError('--target is incompatible with --copy-to. Use --share-processes instead.');
    if (!o.quiet) writeFd(1, `Targeting container ${JSON.stringify(o.target)}. If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`);
  }
  if (o.tty && !o.interactive) throw new CliError('-i/--stdin is required for containers with -t/--tty=true');
  if (o.custom && (o.custom.name || o.custom.command?.length || o.custom.image || o.custom.lifecycle || o.custom.volumeDevices?.length))
    throw new CliError('name, command, image, lifecycle and volume devices are not modifiable via custom profile');
  if (o.profile === 'legacy') writeFd(2, '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n');

  const s = openSession(ctx);
  try {
    // Run: each target (pods by default; node/NAME for a node)
    const names = o.targetNames.length ? o.targetNames : [];
    for (const arg of names) {
      const made = s.step(rt => visit(rt, s.namespace, arg, o));
      if (o.attach && made.container) await attachWhenRunning(ctx, s, made.pod, made.container, o);
    }
  } finally { s.close(); }
}

function visit(rt: Runtime, ns: string, arg: string, o: Opts): { pod: KObject; container: string } {
  const { getTarget } = require('../podtarget') as typeof import('../podtarget');
  const { ri, obj } = getTarget(rt, ns, arg);
  if (ri.group === '' && ri.kind === 'Node') return debugNode(rt, ns, obj, o);
  if (ri.group === '' && ri.kind === 'Pod') return o.copyTo ? debugByCopy(rt, obj, o) : debugByEphemeral(rt, obj, o);
  throw new CliError(`"${ri.group ? `${ri.group}/` : '/'}${ri.version}, Kind=${ri.kind}" not supported by debug`);
}

const podRi = () => byGroupResource('', 'pods')!;
const say = (o: Opts, text: string) => { if (!o.quiet) (require('../stream') as typeof import('../stream')).writeFd(1, text + '\n'); };

function debugContainerName(rt: Runtime, pod: KObject, o: Opts): string {
  if (o.container) return o.container;
  const taken = new Set([...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c: DebugContainer) => c.name));
  let cn = '';
  while (!cn || taken.has(cn)) cn = `debugger-${rt.rng.suffix(5)}`;
  say(o, `Defaulting debug container name to ${cn}.`);
  return cn;
}

/** The debugging container the flags describe, in the field order kubectl's debugger writes them. */
function debugContainer(name: string, o: Opts): V1Container {
  const c: V1Container = { name, image: o.image };
  if (o.args.length) c[o.argsOnly ? 'args' : 'command'] = o.args;
  if (o.env.length) c.env = o.env;
  c.resources = {};
  c.terminationMessagePolicy = 'File';
  if (o.pullPolicy) c.imagePullPolicy = o.pullPolicy;
  if (o.interactive) c.stdin = true;
  if (o.tty) c.tty = true;
  return c;
}

function debugByEphemeral(rt: Runtime, pod: KObject, o: Opts): { pod: KObject; container: string } {
  const name = debugContainerName(rt, pod, o);
  const ec: V1EphemeralContainer = debugContainer(name, o);
  if (o.target) ec.targetContainerName = o.target;
  const copy = clone(pod);
  copy.spec.ephemeralContainers = [...(copy.spec.ephemeralContainers ?? []), ec];
  applyProfile(copy, name, 'ephemeral', o);
  if (o.custom) Object.assign(copy.spec.ephemeralContainers[copy.spec.ephemeralContainers.length - 1], o.custom, { name });
  warnNonRoot(copy, copy.spec.ephemeralContainers[copy.spec.ephemeralContainers.length - 1]);
  const saved = rt.api.fieldManager;
  rt.api.fieldManager = 'kubectl-debug';
  try {
    const out = rt.api.update({ ...copy, metadata: { ...copy.metadata, resourceVersion: undefined } }, { subresource: 'ephemeralcontainers' });
    return { pod: out, container: name };
  } finally { rt.api.fieldManager = saved; }
}

function debugByCopy(rt: Runtime, pod: KObject, o: Opts): { pod: KObject; container: string } {
  const spec = clone(pod.spec ?? {}) as V1PodSpec;
  delete spec.ephemeralContainers;
  if (o.shareChanged) spec.shareProcessNamespace = o.shareProcesses;
  if (!o.sameNode) delete spec.nodeName;
  for (const c of spec.containers ?? []) {
    const img = o.setImages[c.name] ?? o.setImages['*'];
    if (img) c.image = img;
  }
  const copied: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: o.copyTo, namespace: pod.metadata.namespace, ...(pod.metadata.annotations ? { annotations: { ...pod.metadata.annotations } } : {}), ...(pod.metadata.labels ? { labels: { ...pod.metadata.labels } } : {}) }, spec };
  let name = o.container;
  let c = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].find(x => x.name === name);
  if (!c) {
    if (!o.image) {
      if (Object.keys(o.setImages).length) return createCopy(rt, pod, copied, o, '');
      throw new CliError('you must specify image when creating new container');
    }
    if (!name) name = debugContainerName(rt, copied, o);
    c = { name, terminationMessagePolicy: 'File' };
    spec.containers.push(c);
  }
  if (o.args.length) { if (o.argsOnly) c.args = o.args; else { c.command = o.args; delete c.args; } }
  if (o.env.length) c.env = o.env;
  if (o.image) c.image = o.image;
  if (o.pullPolicy) c.imagePullPolicy = o.pullPolicy;
  if (o.interactive) c.stdin = true; else delete c.stdin;
  if (o.tty) c.tty = true; else delete c.tty;
  applyProfile(copied, c.name, 'podCopy', o);
  if (o.custom) Object.assign(c, o.custom, { name: c.name });
  warnNonRoot(copied, c);
  return createCopy(rt, pod, copied, o, name);
}
function createCopy(rt: Runtime, orig: KObject, copied: KObject, o: Opts, container: string): { pod: KObject; container: string } {
  // the API server assigns what the copy's status and server-set fields were
  delete copied.spec.nodeName;
  if (o.sameNode && orig.spec?.nodeName) copied.spec.nodeName = orig.spec.nodeName;
  const created = rt.api.create(copied);
  if (o.replace) rt.api.delete(podRi(), orig.metadata.namespace, orig.metadata.name!, { gracePeriodSeconds: 0 });
  return { pod: created, container };
}

function debugNode(rt: Runtime, ns: string, node: KObject, o: Opts): { pod: KObject; container: string } {
  const cn = o.container || 'debugger';
  const pn = `node-debugger-${node.metadata.name}-${rt.rng.suffix(5)}`;
  say(o, `Creating debugging pod ${pn} with container ${cn} on node ${node.metadata.name}.`);
  const c: V1Container = debugContainer(cn, o);
  const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: pn, namespace: ns }, spec: { containers: [c], nodeName: node.metadata.name, restartPolicy: 'Never', tolerations: [{ operator: 'Exists' }] } };
  applyProfile(pod, cn, 'node', o);
  if (o.custom) Object.assign(c, o.custom, { name: cn });
  return { pod: rt.api.create(pod), container: cn };
}

// ------------------------------------------------------------------------------------------ profiles
function applyProfile(pod: KObject, name: string, style: 'ephemeral' | 'podCopy' | 'node', o: Opts): void {
  const spec: V1PodSpec = pod.spec;
  const all = (): DebugContainer[] => [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
  const ctr = () => all().find(c => c.name === name);
  const sc = () => { const c = ctr(); if (!c) return undefined; return (c.securityContext ??= {}); };
  const addCap = (cap: string) => { const s = sc(); if (s) { s.capabilities ??= {}; (s.capabilities.add ??= []).push(cap); } };
  const mountRoot = () => {
    (spec.volumes ??= []).push({ name: 'host-root', hostPath: { path: '/' } });
    const c = (spec.containers ?? []).find(x => x.name === name);
    if (c) (c.volumeMounts ??= []).push({ mountPath: '/host', name: 'host-root' });
  };
  const hostNs = () => { spec.hostNetwork = true; spec.hostPID = true; spec.hostIPC = true; };
  const clearSC = () => { const c = ctr(); if (c) delete c.securityContext; };
  const k = o.keep;
  const removeLabels = () => { if (!k.labels) delete pod.metadata.labels; };
  const removeAnnotations = () => { if (!k.annotations) delete pod.metadata.annotations; };
  const removeProbes = () => { for (const c of spec.containers ?? []) { if (!k.liveness) delete c.livenessProbe; if (!k.readiness) delete c.readinessProbe; if (!k.startup) delete c.startupProbe; } };
  const removeInit = () => { if (!k.initContainers) delete spec.initContainers; };
  const shareNs = () => { if (spec.shareProcessNamespace === undefined || spec.shareProcessNamespace === null) spec.shareProcessNamespace = true; };
  const copyStd = () => { removeLabels(); removeAnnotations(); removeProbes(); removeInit(); shareNs(); };
  switch (o.profile) {
    case 'legacy':
      if (style === 'node') { mountRoot(); hostNs(); }
      else if (style === 'podCopy') delete pod.metadata.labels;
      break;
    case 'general':
      if (style === 'node') { mountRoot(); clearSC(); hostNs(); }
      else if (style === 'podCopy') { removeLabels(); removeAnnotations(); removeProbes(); removeInit(); addCap('SYS_PTRACE'); shareNs(); }
      else addCap('SYS_PTRACE');
      break;
    case 'baseline':
      clearSC();
      if (style === 'podCopy') copyStd();
      break;
    case 'restricted': {
      clearSC();
      const s = sc()!;
      s.runAsNonRoot = true;
      s.capabilities = { ...(s.capabilities ?? {}), drop: ['ALL'] }; delete s.capabilities.add;
      s.allowPrivilegeEscalation = false;
      s.seccompProfile = { type: 'RuntimeDefault' };
      if (style === 'podCopy') copyStd();
      break;
    }
    case 'netadmin':
      clearSC(); addCap('NET_ADMIN'); addCap('NET_RAW');
      if (style === 'node') hostNs();
      else if (style === 'podCopy') { removeLabels(); removeAnnotations(); removeProbes(); removeInit(); shareNs(); }
      break;
    case 'sysadmin':
      clearSC(); sc()!.privileged = true;
      if (style === 'node') { hostNs(); mountRoot(); }
      else if (style === 'podCopy') copyStd();
      break;
  }
}

function warnNonRoot(pod: KObject, c: DebugContainer | undefined): void {
  const ru = pod.spec?.securityContext?.runAsUser;
  if (ru === undefined || ru === null || ru === 0 || !c?.securityContext) return;
  if (c.securityContext.runAsUser === 0) return;
  if (!c.securityContext.privileged && !(c.securityContext.capabilities?.add ?? []).length) return;
  (require('../stream') as typeof import('../stream')).writeFd(2, 'Warning: Non-root user is configured for the entire target Pod, and some capabilities granted by debug profile may not work. Please consider using "--custom" with a custom profile that specifies "securityContext.runAsUser: 0".\n');
}

// ------------------------------------------------------------------------------------------ attaching
/** waitForContainer (running or terminated, warnings for waiting messages), then attach or show its logs. */
async function attachWhenRunning(ctx: VerbContext, s: import('../session').Session, made: KObject, container: string, o: Opts): Promise<void> {
  const { containerStatus } = require('../containers') as typeof import('../containers');
  const { attachTo } = require('./attach') as typeof import('./attach');
  let lastWarn = '';
  let pod: KObject;
  for (;;) {
    const got = s.step(rt => {
      const p = rt.api.tryGet(podRi(), made.metadata.namespace, made.metadata.name!);
      if (!p) throw new StatusError(404, 'NotFound', 'pods "" not found');
      return p;
    });
    const st = containerStatus(got, container);
    if (st?.state?.running || st?.state?.terminated) { pod = got; break; }
    const msg = st?.state?.waiting?.message;
    if (!o.quiet && msg && msg !== lastWarn) { ctx.out.err(`Warning: container ${container}: ${msg}`); ctx.out.flush(); lastWarn = msg; }
    s.sleep(200);
  }
  if (containerStatus(pod, container)?.state?.terminated) return printLogs(ctx, s, pod, container);
  try {
    await attachTo(ctx, s, pod, { container, stdin: o.interactive, tty: o.tty, quiet: o.quiet, commandName: 'kctl attach' });
  } catch (e) {
    ctx.out.err(`warning: couldn't attach to pod/${pod.metadata.name}, falling back to streaming logs: ${(e as Error).message}`);
    ctx.out.flush();
    printLogs(ctx, s, pod, container);
  }
}
function printLogs(ctx: VerbContext, s: import('../session').Session, pod: KObject, container: string): void {
  const { writeFd } = require('../stream') as typeof import('../stream');
  const { containerStatus, cidOf } = require('../containers') as typeof import('../containers');
  const text = s.step(rt => {
    const p = rt.api.get(podRi(), pod.metadata.namespace, pod.metadata.name!);
    const cs = containerStatus(p, container);
    const id = cs?.state?.terminated?.containerID ?? cs?.containerID;
    if (!id) return '';
    const { ContainerRuntime } = require('../../runtime/cri') as typeof import('../../runtime/cri');
    const { formatEntries } = require('../../runtime/logread') as typeof import('../../runtime/logread');
    return formatEntries(ContainerRuntime.of(rt).logReader(p.metadata.uid!, cidOf(id)).read({}).entries, {});
  });
  ctx.out.flush();
  writeFd(1, text);
}
