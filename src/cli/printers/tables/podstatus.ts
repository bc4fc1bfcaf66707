// The pod printer's READY, STATUS and RESTARTS, exactly as the server-side printer works them out.
import type { KObject } from '../../../api/types';
import { humanDuration } from '../../../util/duration';

const NONE: ReadonlySet<string> = new Set();

export function podCells(pod: KObject, now: number): { ready: string; status: string; restarts: string } {
  const spec = pod.spec ?? {}; const st = pod.status ?? {};
  const initSpecs: any[] = spec.initContainers ?? [];
  const sidecars: ReadonlySet<string> = initSpecs.length ? new Set(initSpecs.filter(c => c.restartPolicy === 'Always').map(c => c.name)) : NONE;
  const total = (spec.containers ?? []).length + sidecars.size;
  let ready = 0, restarts = 0, lastRestart = 0;
  let sidecarRestarts = 0, sidecarLast = 0;
  let reason: string = st.phase ?? '';
  if (st.reason) reason = st.reason;
  if ((st.conditions ?? []).some((c: any) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  const fin = (c: any) => { const t = c.lastState?.terminated?.finishedAt; return t ? Date.parse(t) : 0; };
  let initializing = false;
  const initStatuses: any[] = st.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    if (fin(c) > lastRestart) lastRestart = fin(c);
    const isSidecar = sidecars.has(c.name);
    if (isSidecar) { sidecarRestarts += c.restartCount ?? 0; if (fin(c) > sidecarLast) sidecarLast = fin(c); }
    const term = c.state?.terminated; const wait = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (isSidecar && c.started) { if (c.ready) ready++; continue; }
    if (term) {
      reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    } else if (wait && wait.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }
  const initialized = (st.conditions ?? []).some((c: any) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts; lastRestart = sidecarLast;
    let hasRunning = false;
    const cs: any[] = st.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      restarts += c.restartCount ?? 0;
      if (fin(c) > lastRestart) lastRestart = fin(c);
      const wait = c.state?.waiting; const term = c.state?.terminated;
      if (wait && wait.reason) reason = wait.reason;
      else if (term && term.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (c.ready && c.state?.running) { hasRunning = true; ready++; }
    }
    if (reason === 'Completed' && hasRunning) {
      const podReady = (st.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
      reason = podReady ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp && st.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && st.phase !== 'Succeeded' && st.phase !== 'Failed') reason = 'Terminating';
  let r = String(restarts);
  if (restarts !== 0 && lastRestart) r = `${restarts} (${humanDuration(now - lastRestart)} ago)`;
  return { ready: `${ready}/${total}`, status: reason, restarts: r };
}
