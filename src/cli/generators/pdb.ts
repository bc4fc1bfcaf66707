// kubectl create poddisruptionbudget NAME --selector=SELECTOR --min-available=N | --max-unavailable=N
import { Command } from 'commander';
import type { VerbContext } from '../program';
import { CliError } from '../../api/errors';
import { action, meta, BuildCtx } from './common';
import { strMap } from './typed-json';

/** metav1.ParseToLabelSelector for the usual forms: k=v, k==v, k!=v, k, !k, k in (a,b), k notin (a,b). */
export function parseToLabelSelector(sel: string): any {
  const parts: string[] = [];
  let depth = 0, cur = '';
  for (const c of sel) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) { parts.push(cur); cur = ''; continue; }
    cur += c;
  }
  parts.push(cur);
  const labels: [string, string][] = [];
  const exprs: any[] = [];
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^([^\s!=]+)\s*(==|=)\s*(\S*)$/))) labels.push([m[1]!, m[3]!]);
    else if (/^[^\s!=]+\s*!=/.test(p)) throw new CliError('"!=" is not a valid label selector operator');
    else if ((m = p.match(/^([^\s!=]+)\s+(in|notin)\s*\(([^)]*)\)$/))) exprs.push({ key: m[1], operator: m[2] === 'in' ? 'In' : 'NotIn', values: m[3]!.split(',').map(s => s.trim()).sort() });
    else if ((m = p.match(/^!\s*(\S+)$/))) exprs.push({ key: m[1], operator: 'DoesNotExist' });
    else if ((m = p.match(/^([^\s!=(),]+)$/))) exprs.push({ key: m[1], operator: 'Exists' });
    else throw new CliError(`couldn't parse the selector string "${sel}": unable to parse requirement: found '${p}', expected: '=', '!=', '==', 'in', notin'`);
  }
  const out: any = {};
  if (labels.length) out.matchLabels = strMap(labels);
  if (exprs.length) out.matchExpressions = exprs.map(e => (e.values ? { key: e.key, operator: e.operator, values: e.values } : { key: e.key, operator: e.operator }));
  return out;
}
const intOrString = (s: string) => (/^[+-]?\d+$/.test(s) ? Number(s) : s);

export function register(create: Command, ctx: VerbContext): void {
  create.command('poddisruptionbudget').alias('pdb').description('Create a pod disruption budget with the specified name')
    .argument('[args...]')
    .option('--min-available <n>', 'The minimum number or percentage of available pods this budget requires.')
    .option('--max-unavailable <n>', 'The maximum number or percentage of unavailable pods this budget requires.')
    .option('--selector <selector>', 'A label selector to use for this budget. Only equality-based selector requirements are supported.')
    .action(action(ctx, {
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', wrap: 'failed to create poddisruptionbudgets: ',
      validate: opts => {
        if (!opts.selector) throw new CliError('a selector must be specified');
        if (!opts.maxUnavailable && !opts.minAvailable) throw new CliError('one of min-available or max-unavailable must be specified');
        if (opts.maxUnavailable && opts.minAvailable) throw new CliError('min-available and max-unavailable cannot be both specified');
        if (opts.minAvailable && !/^[0-9]+%?$/.test(opts.minAvailable)) throw new CliError('invalid format specified for min-available');
        if (opts.maxUnavailable && !/^[0-9]+%?$/.test(opts.maxUnavailable)) throw new CliError('invalid format specified for max-unavailable');
      },
      build: (b: BuildCtx) => {
        const selector = parseToLabelSelector(b.opts.selector);
        const spec: any = {};
        if (b.opts.minAvailable) spec.minAvailable = intOrString(b.opts.minAvailable);
        spec.selector = selector;
        if (b.opts.maxUnavailable) spec.maxUnavailable = intOrString(b.opts.maxUnavailable);
        return {
          kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', metadata: meta(b.name, { namespace: b.namespace }), spec,
          status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
        };
      },
    }));
}
