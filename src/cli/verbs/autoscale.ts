// kubectl autoscale: create an autoscaling/v2 HorizontalPodAutoscaler for a deployment, replica set,
// replication controller or stateful set (--min, --max, --cpu-percent, --name), as kubectl 1.33 builds it.
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { openSession, addFilenameFlags, addDryRun, parseDryRun, dryRunSuffix, opLine } from './common';
import { CliError } from '../../api/errors';
import { parseOutput, OutputFormat } from '../printers';
import type { KObject } from '../../api/types';
import { byGroupResource } from '../../api/discovery';
import { serverItems, noResourcesError, flushWarnings, shown } from './patching';
import { printEach } from '../printers';
import { parseIntFlag } from './scale';
import { typedJSON } from '../generators/typed-json';
import { changeCause, recordGiven, recordOn, RECORD_DEPRECATED } from '../record';

const SCALABLE = new Set(['apps/Deployment', 'apps/ReplicaSet', '/ReplicationController', 'apps/StatefulSet']);

export function register(program: Command, ctx: VerbContext): void {
  const cmd = program.command('autoscale')
    .description('Auto-scale a deployment, replica set, stateful set, or replication controller.')
    .argument('[args...]')
    .option('--min <n>', "The lower limit for the number of pods that can be set by the autoscaler. If it's not specified or negative, the server will apply a default value.", '-1')
    .option('--max <n>', 'The upper limit for the number of pods that can be set by the autoscaler. Required.')
    .option('--cpu-percent <n>', "The target average CPU utilization (represented as a percent of requested CPU) over all the pods. If it's not specified or negative, a default autoscaling policy will be used.", '-1')
    .option('--name <name>', 'The name for the newly created object. If not specified, the name of the input resource will be used.')
    .option('-o, --output <format>', 'Output format.')
    .option('--record', 'Record current kubectl command in the resource annotation.', false)
    .option('--save-config', 'If true, the configuration of current object will be saved in its annotation.', false)
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-autoscale')
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.', false)
    .option('--template <t>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.')
    .option('--allow-missing-template-keys', 'If true, ignore any errors in templates when a field or map key is missing in the template.', true);
  addFilenameFlags(cmd, 'identifying the resource to autoscale.');
  addDryRun(cmd);
  cmd.action((args: string[], opts: any) => autoscale(ctx, cmd, args, opts));
}

/** The object kubectl sends (and prints with --dry-run=client). */
export function buildHPA(name: string, target: { apiVersion: string; kind: string; name: string }, min: number, max: number, cpu: number): KObject {
  // Go field order (HorizontalPodAutoscaler, HorizontalPodAutoscalerSpec, ...), as -o json prints it.
  const spec: any = { scaleTargetRef: { kind: target.kind, name: target.name, apiVersion: target.apiVersion } };
  if (min > 0) spec.minReplicas = min;
  spec.maxReplicas = max;
  if (cpu >= 0) spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }];
  return {
    kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2',
    metadata: { name, creationTimestamp: null } as any,
    spec,
    status: { desiredReplicas: 0, currentMetrics: null },
  };
}

function autoscale(ctx: VerbContext, cmd: Command, args: string[], opts: any): void {
  if (recordGiven(ctx.argv)) ctx.out.err(RECORD_DEPRECATED);
  if (opts.max === undefined) throw new CliError('required flag(s) "max" not set');
  const min = parseIntFlag(opts.min, 'min', 'kctl autoscale');
  const max = parseIntFlag(opts.max, 'max', 'kctl autoscale');
  const cpu = parseIntFlag(opts.cpuPercent, 'cpu-percent', 'kctl autoscale');
  const fmt: OutputFormat | undefined = opts.output ? parseOutput(opts.output) : undefined;
  const dry = parseDryRun(opts.dryRun);
  if (!args.length && !opts.filename.length) throw noResourcesError();
  if (max < 1) throw new CliError(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
  if (max < min) throw new CliError(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
  const cause = opts.record ? changeCause(cmd, ctx.argv) : undefined;
  const hpaRi = byGroupResource('autoscaling', 'horizontalpodautoscalers')!;
  const s = openSession(ctx);
  try {
    const printed: { obj: KObject }[] = [];
    s.step(rt => {
      const found = serverItems(rt, s, opts, args);
      if (found.errors.length) throw found.errors[0];
      if (!found.items.length) throw new CliError('no objects passed to autoscale');
      for (const it of found.items) {
        if (!SCALABLE.has(`${it.ri.group}/${it.ri.kind}`)) {
          throw new CliError(`cannot autoscale a ${it.ri.kind}: could not find scale subresource for ${it.ri.group}/${it.ri.version}, Resource=${it.ri.plural} in discovery information`);
        }
        const apiVersion = it.ri.group ? `${it.ri.group}/${it.ri.version}` : it.ri.version;
        const hpa = buildHPA(opts.name || it.name, { apiVersion, kind: it.ri.kind, name: it.name }, min, max, cpu);
        if (cause) recordOn(hpa, cause);
        if (dry === 'client') {
          if (fmt?.format === 'json') ctx.out.out(typedJSON(hpa) + '\n');
          else if (fmt) printed.push({ obj: hpa });
          else ctx.out.line(opLine(hpa, hpaRi, 'created' + dryRunSuffix(dry)));
          continue;
        }
        const send: KObject = { apiVersion: hpa.apiVersion, kind: hpa.kind, metadata: { name: hpa.metadata.name, namespace: it.namespace }, spec: hpa.spec };
        if (hpa.metadata.annotations) send.metadata.annotations = { ...hpa.metadata.annotations };
        if (opts.saveConfig) {
          const applied = { apiVersion: send.apiVersion, kind: send.kind, metadata: { ...send.metadata, annotations: { ...(send.metadata.annotations ?? {}) }, creationTimestamp: null }, spec: send.spec, status: hpa.status };
          (send.metadata.annotations ??= {})['kubectl.kubernetes.io/last-applied-configuration'] = JSON.stringify(applied) + '\n';
        }
        const out = rt.api.create(send, { dryRun: dry === 'server' });
        flushWarnings(ctx, rt);
        if (fmt) printed.push({ obj: shown(out) });
        else ctx.out.line(opLine(out, hpaRi, 'autoscaled' + dryRunSuffix(dry)));
      }
    });
    if (fmt && printed.length) ctx.out.out(printEach(fmt, printed.map(p => ({ obj: p.obj, ri: hpaRi }))));
  } finally {
    s.close();
  }
}
