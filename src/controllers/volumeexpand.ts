// Volume expand controller (pkg/controller/volume/expand): a bound claim asking for more than its capacity
// is resized by the volume's plugin; no in-tree plugin on kind can (local-path volumes are hostPath, CSI
// volumes belong to an external resizer), so the claim is told an external controller must do it, as kind
// tells it, and keeps its capacity.
import type { Controller } from './types';
import { byGroupResource } from '../api/discovery';
import { parseQuantity } from '../util/quantity';
import { controllerEvent } from './recorder';

const NAME = 'volume-expand';
const pvcRi = () => byGroupResource('', 'persistentvolumeclaims')!;

export const volumeExpandController: Controller = {
  name: NAME,
  kinds: ['PersistentVolumeClaim'],
  onEvent(ev, enqueue) {
    const { ri, obj, old } = ev;
    if (ri.group !== '' || ri.kind !== 'PersistentVolumeClaim' || ev.type !== 'MODIFIED' || !old) return;
    if (obj.spec?.resources?.requests?.storage === old.spec?.resources?.requests?.storage) return;
    enqueue(`${obj.metadata.namespace}/${obj.metadata.name}`);
  },
  reconcile(key, rt) {
    const i = key.indexOf('/');
    const c = rt.api.tryGet(pvcRi(), key.slice(0, i), key.slice(i + 1));
    if (!c || c.status?.phase !== 'Bound' || !c.spec?.volumeName) return;
    const want = parseQuantity(c.spec?.resources?.requests?.storage ?? 0);
    const have = parseQuantity(c.status?.capacity?.storage ?? 0);
    if (want <= have) return;
    controllerEvent(rt, c, 'Normal', 'ExternalExpanding', 'waiting for an external controller to expand this PVC', { component: 'volume_expand' });
  },
};
