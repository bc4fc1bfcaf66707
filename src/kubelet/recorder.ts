// The kubelet's event recorder for one pod (client-go's correlator: src/sim/recorder.ts), shared by the pod
// sync and the prober for the duration of a step; its memory is the kubelet's (`kubelet/<uid>/rec`, dropped
// with the rest of its memory of the pod: lifecycle.ts forget).
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';
import { recorderFor as forKey, Recorder } from '../sim/recorder';

export { Recorder };

export function recorderFor(rt: Runtime, pod: KObject): Recorder {
  return forKey(rt, `kubelet/${pod.metadata.uid}/rec`, pod, { component: 'kubelet', host: pod.spec?.nodeName ?? '', bucketByType: true });
}
