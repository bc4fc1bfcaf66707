// kubectl run NAME --image=image [--port] [--labels] [--env] [--restart] [--command] [--overrides] -- [args...]
// Builds the Pod as kubectl's run-pod/v1 generator does (Go field order, for --dry-run=client -o json),
// applies --overrides (merge by default, or --override-type=strategic|json), and creates it.
import { durationFlag } from '../durations';
import { parseLabelSpec as parseLabels } from './common';
import { Command, Option } from 'commander';
import type { VerbContext } from '../program';
import { openSession, dryRunSuffix } from './common';
import { validationMode, LAST_APPLIED } from './apply';
import { CliError, StatusError } from '../../api/errors';
import { parseOutput, printObjects } from '../printers';
import { goYAML } from '../printers/yaml';
import type { KObject } from '../../api/types';
import { resourceForKind } from '../../api/discovery';
import { typedJSON, typedCompact, strMap, reorder } from '../generators/typed-json';
import { meta, collectArray, OUTPUT_FORMATS, dryRunOf } from '../generators/common';
import { envVarNameErrors } from '../generators/sources';
import type { Session } from '../session';

const usage = (msg: string) => new CliError(`${msg}\nSee 'kctl run -h' for help and examples`);

// github.com/distribution/reference's ReferenceRegexp, in JavaScript syntax.
const ALNUM = '[a-z0-9]+', SEP = '(?:[._]|__|[-]+)';
const COMPONENT = `${ALNUM}(?:${SEP}${ALNUM})*`;
const DOMAIN_COMP = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMP}(?:\\.${DOMAIN_COMP})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}))?$`);

function parseEnvs(envs: string[]): { name: string; value: string }[] {
  return envs.map(e => {
    const i = e.indexOf('=');
    if (i <= 0 || envVarNameErrors(e.slice(0, i)).length) throw new CliError(`invalid env: ${e}`);
    const v: any = { name: e.slice(0, i) };
    if (e.slice(i + 1)) v.value = e.slice(i + 1);
    return v;
  });
}
function parseAnnotations(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of list) {
    const i = a.indexOf('=');
    if (i <= 0) throw new CliError(`invalid annotation format: ${a}`);
    out[a.slice(0, i)] = a.slice(i + 1);
  }
  return out;
}

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('run')
    .description('Create and run a particular image in a pod.')
    .argument('[args...]')
    .requiredOption('--image <image>', 'The image for the container to run.')
    .option('--port <port>', 'The port that this container exposes.')
    .option('-l, --labels <labels>', 'Comma separated labels to apply to the pod. Will override previous values.')
    .option('--env <kv>', 'Environment variables to set in the container.', collectArray, [])
    .option('--annotations <kv>', 'Annotations to apply to the pod.', collectArray, [])
    .option('--restart <policy>', 'The restart policy for this Pod.  Legal values [Always, OnFailure, Never].')
    .option('--command', "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default.", false)
    .option('--overrides <json>', 'An inline JSON override for the generated object.')
    .option('--override-type <type>', 'The method used to override the generated object: json, merge, or strategic.', 'merge')
    .option('--image-pull-policy <policy>', 'The image pull policy for the container.')
    .option('--privileged', 'If true, run the container in privileged mode.', false)
    .option('-i, --stdin', 'Keep stdin open on the container in the pod, even if nothing is attached.', false)
    .option('-t, --tty', 'Allocate a TTY for the container in the pod.', false)
    .option('--attach', 'If true, wait for the Pod to start running, and then attach to the Pod.', false)
    .option('--leave-stdin-open', 'If the pod is started in interactive mode or with stdin, leave stdin open after the first attach completes.', false)
    .option('--rm', 'If true, delete the pod after it exits.', false)
    .option('--expose', 'If true, create a ClusterIP service associated with the pod.  Requires `--port`.', false)
    .option('-q, --quiet', 'If true, suppress prompt messages.', false)
    .option('-o, --output <format>', 'Output format.')
    .option('--save-config', 'If true, the configuration of current object will be saved in its annotation.', false)
    .option('--validate [mode]', 'Must be one of: strict (or true), warn, ignore (or false).', 'strict')
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-run')
    .option('--pod-running-timeout <d>', 'The length of time to wait for at least one pod to be running', durationFlag('--pod-running-timeout', 'kctl run'), '1m0s');
  cmd.addOption(new Option('--dry-run [strategy]', 'Must be "none", "server", or "client".').preset('client'));
  cmd.action((args: string[], opts: any) => run(ctx, args, opts));
}

function run(ctx: VerbContext, args: string[], opts: any): void {
  const dash = ctx.argv.indexOf('--');
  const after = dash >= 0 ? ctx.argv.length - dash - 1 : 0;
  if (!args.length || args.length - after === 0) throw usage('NAME is required for run');
  const name = args[0]!;
  const cmdArgs = args.slice(1);
  const fmt = opts.output ? parseOutput(opts.output, OUTPUT_FORMATS) : undefined;
  const dry = dryRunOf(ctx, opts.dryRun);
  const fieldValidation = validationMode(opts.validate);
  const image = String(opts.image);
  if (!image) throw new CliError('--image is required');
  if (!REFERENCE.test(image)) throw new CliError(`Invalid image name ${JSON.stringify(image)}: invalid reference format`);
  if (opts.tty && !opts.stdin) throw usage('-i/--stdin is required for containers with -t/--tty=true');
  if (opts.expose && !opts.port) throw usage('--port must be set when exposing a service');
  const attach = opts.attach || opts.stdin;
  let restart = opts.restart ?? '';
  if (!restart) restart = opts.stdin ? 'OnFailure' : 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw usage(`invalid restart policy: ${restart}`);
  if (!attach && opts.rm) throw usage('--rm should only be used for attached containers');
  if (attach && dry !== 'none') throw usage("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
  const pull = opts.imagePullPolicy ?? '';
  if (pull && !['Always', 'IfNotPresent', 'Never'].includes(pull)) throw usage(`invalid image pull policy: ${pull}`);
  if (!['json', 'merge', 'strategic'].includes(opts.overrideType)) throw new CliError(`invalid override type: ${opts.overrideType}`);

  // ---- the generated Pod (run-pod/v1), in Go field order
  const labels = opts.labels ? parseLabels(opts.labels) : { run: name };
  const annotations = parseAnnotations(opts.annotations);
  const envs = parseEnvs(opts.env);
  let port = -1;
  if (opts.port) {
    if (!/^[+-]?\d+$/.test(opts.port)) throw new CliError(`strconv.Atoi: parsing ${JSON.stringify(opts.port)}: invalid syntax`);
    port = Number(opts.port);
  }
  const c: any = { name, image };
  if (cmdArgs.length) c[opts.command ? 'command' : 'args'] = cmdArgs;
  if (opts.port) c.ports = [{ containerPort: port }];
  if (envs.length) c.env = envs;
  c.resources = {};
  if (pull) c.imagePullPolicy = pull;
  if (opts.privileged) c.securityContext = { privileged: true };
  if (opts.stdin) { c.stdin = true; if (!opts.leaveStdinOpen) c.stdinOnce = true; }
  if (opts.tty) c.tty = true;
  let pod: KObject = {
    kind: 'Pod', apiVersion: 'v1',
    metadata: meta(name, { labels: strMap(labels), annotations }),
    spec: { containers: [c], restartPolicy: restart, dnsPolicy: 'ClusterFirst' },
    status: {},
  };
  if (opts.overrides) {
    const { applyPatchText, PatchError } = require('../../api/patch') as typeof import('../../api/patch');
    try {
      if (opts.overrideType === 'merge') { try { JSON.parse(opts.overrides); } catch { throw new CliError('Invalid JSON Patch'); } }
      pod = applyPatchText(JSON.parse(typedCompact(pod)), opts.overrideType, opts.overrides, resourceForKind('v1', 'Pod')) as KObject;
    } catch (e) {
      if (e instanceof PatchError || e instanceof SyntaxError) throw new CliError((e as Error).message);
      throw e;
    }
    pod = reorder(pod, 'Pod');
  }

  let s: Session | undefined;
  try { s = openSession(ctx); } catch (e) { if (dry !== 'client') throw e; }
  const explicit = s ? s.explicitNamespace : !!ctx.globals.namespace;
  const ns = s ? s.namespace : ctx.globals.namespace || 'default';
  // --expose: a ClusterIP service for the pod (expose's ServiceGeneratorV2 with the pod's params), printed first
  const service = (): KObject | undefined => {
    if (!opts.expose) return undefined;
    const { createService } = require('./expose') as typeof import('./expose');
    return createService({ selector: opts.labels || `run=${name}`, port: String(opts.port), ports: '', protocol: '', protocols: new Map(),
      labels: opts.labels ?? '', name: '', defaultName: name, targetPort: '', externalIP: '', type: '', loadBalancerIP: '', sessionAffinity: '', clusterIP: '' });
  };
  const printService = (svc: KObject, typed: boolean) => {
    const line = `service/${svc.metadata.name}`;
    if (!fmt) ctx.out.line(`${line} created${dryRunSuffix(dry)}`);
    else if (typed && fmt.format === 'json') ctx.out.out(typedJSON(svc) + '\n');
    else if (fmt.format === 'yaml') ctx.out.out(goYAML(svc));
    else if (fmt.format === 'name') ctx.out.line(line);
    else ctx.out.out(printObjects(fmt, [{ obj: svc, ri: resourceForKind('v1', 'Service') }], true));
    // run.go's own separator after the service; the YAML printer, which printed the service, puts its own
    // `---` before the next object it prints (the pod), so kubectl prints two
    if (fmt?.format === 'yaml') { ctx.out.line('---'); yamlPrinted = true; }
  };
  let yamlPrinted = false;
  const print = (obj: KObject, typed: boolean) => {
    const line = `pod/${obj.metadata.name}`;
    if (!fmt) { ctx.out.line(`${line} created${dryRunSuffix(dry)}`); return; }
    if (typed && fmt.format === 'json') { ctx.out.out(typedJSON(obj) + '\n'); return; }
    if (fmt.format === 'yaml') { ctx.out.out((yamlPrinted ? '---\n' : '') + goYAML(obj)); return; }
    if (fmt.format === 'name') { ctx.out.line(line); return; }
    ctx.out.out(printObjects(fmt, [{ obj, ri: resourceForKind('v1', 'Pod') }], true));
  };
  try {
    if (dry === 'client') {
      if (explicit) pod = { ...pod, metadata: reorder({ ...pod.metadata, namespace: ns }, 'ObjectMeta') };
      const svc = service();
      if (svc) printService(explicit ? { ...svc, metadata: reorder({ ...svc.metadata, namespace: ns }, 'ObjectMeta') } : svc, true);
      print(pod, true);
      return;
    }
    s!.step(rt => {
      const manifest = JSON.parse(JSON.stringify(pod)) as KObject;
      if (opts.saveConfig) {
        (manifest.metadata.annotations ??= {})[LAST_APPLIED] = typedCompact(pod) + '\n';
      }
      if (manifest.metadata.creationTimestamp === null) delete manifest.metadata.creationTimestamp;
      manifest.metadata.namespace = ns;
      let created: KObject;
      try {
        created = rt.api.create(manifest, { dryRun: dry === 'server', fieldValidation });
      } catch (e) {
        if (e instanceof StatusError) throw e;
        throw e;
      }
      for (const w of rt.api.warnings.splice(0)) ctx.out.err(`Warning: ${w}`);
      const svc = service();
      if (svc) {
        const m = JSON.parse(JSON.stringify(svc)) as KObject;
        if (m.metadata.creationTimestamp === null) delete m.metadata.creationTimestamp;
        m.metadata.namespace = ns;
        printService(rt.api.create(m, { dryRun: dry === 'server', fieldValidation }), false);
      }
      if (!attach) print(created, false);
    });
    if (attach) {
      // -i/-t/--attach: wait for the pod, attach (or show its log), pass its exit code on (src/cli/runattach.ts)
      const { runAttach } = require('../runattach') as typeof import('../runattach');
      const { durationFlag } = require('../goflags') as typeof import('../goflags');
      const { keep } = require('../async') as typeof import('../async');
      const sess = s!;
      s = undefined;
      keep(runAttach(ctx, sess, { name, ns, stdin: !!opts.stdin, tty: !!opts.tty, quiet: !!opts.quiet, rm: !!opts.rm, leaveStdinOpen: !!opts.leaveStdinOpen,
        restart, timeoutMs: durationFlag(opts.podRunningTimeout, 'pod-running-timeout', 'kctl run') }).finally(() => sess.close()));
    }
  } finally {
    s?.close();
  }
}
