// kubectl logs: a container's log through the API server's pods/log, which the kubelet serves from the CRI log
// file (src/runtime/logread.ts). Client side as k8s.io/kubectl/pkg/cmd/logs: POD, TYPE/NAME (the polymorphic
// helpers pick a pod: "Found N pods, using pod/…"), -l (every matching pod, --tail 10 by default),
// --all-containers, --all-pods, --prefix, -f (several streams at once up to --max-log-requests), --ignore-errors.
// Server side as the API server's LogLocation and the kubelet's validateContainerLogStatus: which container
// instance, and its errors (`previous terminated container … not found`, `… is waiting to start: …`).
import { Command } from 'commander';
import type { VerbContext } from '../program';
import type { Runtime } from '../../sim/runtime';
import type { KObject, ResourceInfo } from '../../api/types';
import type { LogEntry } from '../../runtime/logread';
import { openSession } from './common';
import { CliError, StatusError, formatError } from '../../api/errors';
import { byGroupResource } from '../../api/discovery';
import { parseSelector, matches } from '../../api/selectors';
import { findContainer, allContainerNames, DEFAULT_CONTAINER_ANNOTATION } from '../containers';
import { openLog as open, moreLog as more, type LogRequest as Request, type LogStream as Stream } from '../../kubelet/streaming';
import { getTarget, selectorFor, podsFor } from '../podtarget';
import { intFlag, durationFlag, parseRFC3339 } from '../goflags';
import { keep } from '../async';

const USAGE = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kctl logs -h' for help and examples";
const CMD = 'kctl logs';

export function register(program: Command, ctx: VerbContext): void {
  program.command('logs')
    .argument('[args...]')
    .option('--all-pods', 'Get logs from all pod(s). Sets prefix to true.', false)
    .option('--all-containers', "Get all containers' logs in the pod(s).", false)
    .option('-f, --follow', 'Specify if the logs should be streamed.', false)
    .option('--timestamps', 'Include timestamps on each line in the log output', false)
    .option('--limit-bytes <n>', 'Maximum bytes of logs to return. Defaults to no limit.')
    .option('-p, --previous', 'If true, print the logs for the previous instance of the container in a pod if it exists.', false)
    .option('--tail <n>', 'Lines of recent log file to display.')
    .option('--ignore-errors', 'If watching / following pod logs, allow for any errors that occur to be non-fatal', false)
    .option('--since-time <time>', 'Only return logs after a specific date (RFC3339).')
    .option('--since <duration>', 'Only return logs newer than a relative duration like 5s, 2m, or 3h.')
    .option('-c, --container <name>', 'Print the logs of this container')
    .option('--insecure-skip-tls-verify-backend', 'Skip verifying the identity of the kubelet that logs are requested from.', false)
    .option('--pod-running-timeout <duration>', 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running', '20s')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--max-log-requests <n>', 'Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.', '5')
    .option('--prefix', 'Prefix each log line with the log source (pod name and container name)', false)
    .action((args: string[], opts: RawOpts) => { keep(logs(ctx, args, opts)); });
}

/** The flags as commander parses them. */
interface RawOpts {
  allPods: boolean; allContainers: boolean; follow: boolean; timestamps: boolean; limitBytes?: string; previous: boolean; tail?: string;
  ignoreErrors: boolean; sinceTime?: string; since?: string; container?: string; insecureSkipTlsVerifyBackend: boolean;
  podRunningTimeout: string; selector?: string; maxLogRequests: string; prefix: boolean;
}


interface Opts {
  container?: string; containerSpecified: boolean; follow: boolean; previous: boolean; timestamps: boolean;
  tail?: number; limitBytes?: number; sinceMs?: number; sinceTime?: number; allContainers: boolean; allPods: boolean;
  prefix: boolean; ignoreErrors: boolean; selector?: string; maxLogRequests: number; timeoutMs: number;
}

async function logs(ctx: VerbContext, args: string[], raw: RawOpts): Promise<void> {
  // flags pflag would refuse while parsing
  const limitBytes = raw.limitBytes !== undefined ? intFlag(raw.limitBytes, 'limit-bytes', CMD) : 0;
  const tailSpecified = raw.tail !== undefined;
  const tail = tailSpecified ? intFlag(raw.tail, 'tail', CMD) : -1;
  const since = raw.since !== undefined ? durationFlag(raw.since, 'since', CMD) : 0;
  const maxLogRequests = intFlag(raw.maxLogRequests, 'max-log-requests', CMD, 32);
  const timeoutMs = durationFlag(raw.podRunningTimeout, 'pod-running-timeout', CMD);
  const selector: string | undefined = raw.selector;

  // Complete
  let resourceArg: string | undefined;
  let container: string | undefined = raw.container;
  if (args.length === 0) { if (!selector) throw new CliError(USAGE); }
  else if (args.length === 1) {
    resourceArg = args[0];
    if (selector) throw new CliError("only a selector (-l) or a POD name is allowed\nSee 'kctl logs -h' for help and examples");
  } else if (args.length === 2) { resourceArg = args[0]; container = args[1]; }
  else throw new CliError(USAGE);
  const o: Opts = {
    container, containerSpecified: raw.container !== undefined, follow: !!raw.follow, previous: !!raw.previous, timestamps: !!raw.timestamps,
    allContainers: !!raw.allContainers, allPods: !!raw.allPods, prefix: !!raw.prefix || !!raw.allPods, ignoreErrors: !!raw.ignoreErrors,
    selector, maxLogRequests, timeoutMs,
  };
  const sinceTime = raw.sinceTime !== undefined && raw.sinceTime !== '' ? parseRFC3339(String(raw.sinceTime)) : undefined;
  if (limitBytes !== 0) o.limitBytes = limitBytes;
  if (since !== 0) o.sinceMs = Math.round(since / 1000) * 1000; // rounded to whole seconds
  if (sinceTime !== undefined) o.sinceTime = sinceTime;
  if (selector && tail === -1 && !tailSpecified) o.tail = 10; else if (tail !== -1) o.tail = tail;

  const s = openSession(ctx);
  try {
    const validate = () => {
      if (raw.sinceTime && since !== 0) throw new CliError('at most one of `sinceTime` or `sinceSeconds` may be specified');
      if (o.allContainers && o.container) throw new CliError(`--all-containers=true should not be specified with container name ${o.container}`);
      if (o.containerSpecified && args.length === 2) throw new CliError('only one of -c or an inline [CONTAINER] arg is allowed');
      if (limitBytes < 0) throw new CliError('--limit-bytes must be greater than 0');
      if (o.sinceMs !== undefined && o.sinceMs < 0) throw new CliError('--since must be greater than 0');
      if (o.tail !== undefined && o.tail < -1) throw new CliError('--tail must be greater than or equal to -1');
    };
    // One step resolves the object (the builder), validates, picks the streams (the polymorphic helpers) and,
    // for a single stream, reads it: `kctl logs POD` costs one transaction. Notices print even when it fails.
    type First = { notes: string[]; error?: unknown; requests?: Request[]; opened?: { entries?: LogEntry[]; error?: unknown; stream: Stream } };
    const deadline = Date.now() + timeoutMs;
    let quiet = false;
    let first: First | undefined;
    for (;;) {
      first = s.step((rt): First | undefined => {
        const notes: string[] = [];
        try {
          const target = resolveObject(rt, s.namespace, resourceArg, o, notes, quiet);
          validate();
          const requests = requestsFor(rt, target, o, notes);
          if (!requests) return undefined;
          if (o.follow && requests.length > 1 && requests.length > o.maxLogRequests)
            throw new CliError(`you are attempting to follow ${requests.length} log streams, but maximum allowed concurrency is ${o.maxLogRequests}, use --max-log-requests to increase the limit`);
          const out: First = { notes, requests };
          if (requests.length === 1) {
            const stream = newStream(requests[0]!, o);
            try { out.opened = { stream, entries: open(rt, stream, o) }; } catch (error) { stream.done = true; out.opened = { stream, error }; }
          }
          return out;
        } catch (error) { return { notes, error }; }
      });
      if (first) break;
      // a workload with no pod yet: kubectl watches for one until --pod-running-timeout
      if (Date.now() >= deadline) throw new CliError('timed out waiting for the condition');
      quiet = true;
      s.sleep(250);
    }
    for (const n of first.notes) ctx.out.err(n);
    if (first.error) throw first.error;
    ctx.out.flush();
    await consume(ctx, s, first.requests!, o, first.opened);
  } finally { s.close(); }
}

type Target = { kind: 'pods'; pods: KObject[] } | { kind: 'object'; ri: ResourceInfo; obj: KObject };

function resolveObject(rt: Runtime, ns: string, arg: string | undefined, o: Opts, notes: string[], quiet = false): Target {
  if (o.selector !== undefined) {
    const sel = parseSelector(o.selector);
    const pods = rt.api.list(byGroupResource('', 'pods')!, ns).filter(p => matches(sel, p.metadata.labels));
    if (!pods.length && !quiet) notes.push(`No resources found in ${ns} namespace.`);
    return { kind: 'pods', pods };
  }
  try {
    const { ri, obj } = getTarget(rt, ns, arg!);
    if (ri.group === '' && ri.kind === 'Pod') return { kind: 'pods', pods: [obj] };
    return { kind: 'object', ri, obj };
  } catch (e) {
    if (e instanceof StatusError && e.code === 404) throw new CliError(`error from server (NotFound): ${e.message} in namespace "${ns}"`);
    throw e;
  }
}

/** logsForObject: the streams to read, with the notices kubectl prints on stderr; undefined while no pod exists yet. */
function requestsFor(rt: Runtime, t: Target, o: Opts, notes: string[]): Request[] | undefined {
  let pods: KObject[];
  let allPods = o.allPods;
  if (t.kind === 'pods') pods = t.pods;
  else {
    let sel;
    try { sel = selectorFor(t.ri, t.obj); }
    catch (e) { throw new CliError(`cannot get the logs from ${goTypeOf(t.ri)}: ${(e as Error).message}`); }
    const found = podsFor(rt, t.obj.metadata.namespace!, sel, 'logging');
    if (!found.length) return undefined;
    if (found.length > 1 && !o.allPods) notes.push(`Found ${found.length} pods, using pod/${found[0]!.metadata.name}`);
    pods = found.length > 1 && o.allPods ? found : [found[0]!];
    if (found.length <= 1) allPods = o.allPods;
  }
  const out: Request[] = [];
  for (const pod of pods) {
    const add = (name: string) => {
      const f = findContainer(pod, name);
      if (!f) throw new CliError(`container ${name} is not valid for pod ${pod.metadata.name}`);
      out.push({ ns: pod.metadata.namespace!, pod: pod.metadata.name!, uid: pod.metadata.uid!, container: name, fieldPath: f.fieldPath });
    };
    if (o.allContainers) {
      for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])]) add(c.name);
      continue;
    }
    let name = o.container;
    const ann = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
    if (!name && ann) {
      if (!findContainer(pod, ann)) notes.push(`Default container name "${ann}" not found in pod ${pod.metadata.name}`);
      else name = ann;
    }
    if (!name) {
      name = pod.spec.containers[0].name as string;
      const s = pod.spec;
      if (((s.containers ?? []).length > 1 || (s.initContainers ?? []).length || (s.ephemeralContainers ?? []).length) && !allPods)
        notes.push(`Defaulted container "${name}" out of: ${allContainerNames(pod)}`);
    }
    add(name);
  }
  return out;
}
function goTypeOf(ri: ResourceInfo): string { return `*${ri.version}.${ri.kind}`; }

function newStream(req: Request, o: Opts): Stream {
  return { req, done: false, prefix: o.prefix && req.pod ? `[pod/${req.pod}/${req.container}] ` : '', ...(o.limitBytes !== undefined ? { remain: o.limitBytes } : {}) };
}

async function consume(ctx: VerbContext, s: import('../session').Session, requests: Request[], o: Opts, opened?: { entries?: LogEntry[]; error?: unknown; stream: Stream }): Promise<void> {
  // following: Ctrl-C ends kubectl through its interrupt handler (exit 1); no lock is held between polls
  const onInt = () => process.exit(1);
  if (o.follow) { process.on('SIGINT', onInt); process.on('SIGTERM', onInt); }
  try { await consumeAll(ctx, s, requests, o, opened); }
  finally { process.off('SIGINT', onInt); process.off('SIGTERM', onInt); }
}
async function consumeAll(ctx: VerbContext, s: import('../session').Session, requests: Request[], o: Opts, opened?: { entries?: LogEntry[]; error?: unknown; stream: Stream }): Promise<void> {
  const fs = require('node:fs') as typeof import('node:fs');
  const { formatEntries } = require('../../runtime/logread') as typeof import('../../runtime/logread');
  const streams: Stream[] = opened ? [opened.stream] : requests.map(req => newStream(req, o));
  const write = (text: string) => { if (text) writeOut(fs, 1, text); };
  const print = (st: Stream, entries: LogEntry[]) => {
    if (!entries.length || st.remain === 0) return;
    const state: { remain?: number } = st.remain !== undefined ? { remain: st.remain } : {};
    const text = formatEntries(entries, { timestamps: o.timestamps }, state);
    if (state.remain !== undefined) { st.remain = state.remain; if (st.remain <= 0) st.done = true; }
    write(st.prefix ? prefixLines(text, st.prefix) : text);
  };
  const parallel = o.follow && streams.length > 1;
  // --request-timeout ends a follow: client-go's http.Client gives up reading the body, and kubectl says so
  const deadline = s.watchDeadline();
  const timedOut = () => new CliError('net/http: request canceled (Client.Timeout or context cancellation while reading body)');
  let failed: unknown;
  for (const st of streams) {
    if (failed && !parallel) break;
    try {
      if (opened && st === opened.stream && opened.error) throw opened.error;
      const entries = opened && st === opened.stream ? opened.entries! : s.step(rt => open(rt, st, o));
      print(st, entries);
    } catch (e) {
      st.done = true;
      if (!(e instanceof StatusError) && !(e instanceof CliError)) throw e;
      if (!o.ignoreErrors) { failed = e; if (!parallel) break; continue; }
      write(`error: ${e instanceof StatusError ? e.message : formatError(e).replace(/^error: /, '')}\n`);
    }
    // one stream followed to its end before the next (kubectl's sequential consumer)
    if (!parallel) {
      while (!st.done) {
        if (Date.now() >= deadline) throw timedOut();
        await pause(Math.max(1, Math.min(200, deadline - Date.now())));
        const entries = s.step(rt => more(rt, st));
        print(st, entries);
      }
    }
  }
  if (parallel && !failed) {
    while (streams.some(x => !x.done)) {
      if (Date.now() >= deadline) throw timedOut();
      await pause(Math.max(1, Math.min(200, deadline - Date.now())));
      const got = s.step(rt => streams.filter(x => !x.done).map(x => ({ x, entries: more(rt, x) })));
      for (const g of got) print(g.x, g.entries);
    }
  }
  if (failed) throw failed;
}

const pause = (ms: number) => new Promise<void>(r => setTimeout(r, ms));

function prefixLines(text: string, prefix: string): string {
  // kubectl's prefixingWriter prefixes every write, and the consumer writes line by line
  return text.split(/(?<=\n)/).map(l => prefix + l).join('');
}
function writeOut(fs: typeof import('node:fs'), fd: number, text: string): void {
  let buf = Buffer.from(text);
  while (buf.length) {
    try { const n = fs.writeSync(fd, buf); buf = buf.subarray(n); }
    catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2); continue; }
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
      throw e;
    }
  }
}
