// kubectl apply --server-side: each object sent as an apply patch with the field manager (`kubectl` by
// default) and --force-conflicts; conflicts explained as kubectl explains them; then kubectl's migration from
// client-side apply: the last-applied annotation kept by `kubectl-last-applied`, and the client-side appliers'
// fields folded into the `kubectl` Apply entry (csaupgrade), after which the configuration is applied again.
import type { Runtime } from '../../sim/runtime';
import type { Item } from '../builder';
import type { KObject } from '../../api/types';
import { serverSideApply, upgradeClientSideApply, lastAppliedOwners } from '../../api/apply';
import { CliError, StatusError } from '../../api/errors';
import { CHANGE_CAUSE } from '../record';
import { clone } from '../../util/objects';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const CONFLICT_HELP = `
Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

export function applyServerSide(rt: Runtime, it: Item, o: { dry: string; fieldValidation: 'Strict' | 'Warn' | 'Ignore'; force?: boolean; fieldManager: string; cause?: string }): { obj: KObject; op: string } {
  const api = rt.api;
  const config = clone(it.manifest!);
  config.metadata ??= {};
  if (!config.metadata.name && config.metadata.generateName) throw new CliError(`from ${config.metadata.generateName}: cannot use generate name with apply`);
  if (it.ri.namespaced) config.metadata.namespace = it.namespace;
  if (o.cause) (config.metadata.annotations ??= {})[CHANGE_CAUSE] = o.cause;
  const opts = { fieldManager: o.fieldManager, force: o.force, dryRun: o.dry === 'server', fieldValidation: o.fieldValidation };
  let obj: KObject;
  try {
    obj = serverSideApply(api, config, opts).obj;
  } catch (e) {
    if (e instanceof StatusError && e.code === 409 && e.reason === 'Conflict' && e.message.startsWith('Apply failed')) throw new CliError(e.message + CONFLICT_HELP);
    throw e;
  }
  if (o.dry !== 'server' && o.fieldManager === 'kubectl') {
    const ann = obj.metadata.annotations?.[LAST_APPLIED];
    if (ann !== undefined && !lastAppliedOwners(obj, 'Apply').length) {
      obj = serverSideApply(api, { apiVersion: config.apiVersion, kind: config.kind, metadata: { name: obj.metadata.name, ...(it.ri.namespaced ? { namespace: obj.metadata.namespace } : {}), annotations: { [LAST_APPLIED]: ann } } } as KObject,
        { fieldManager: 'kubectl-last-applied' }).obj;
    }
    const csa = lastAppliedOwners(obj, 'Update');
    if (csa.length) {
      const migrated = upgradeClientSideApply(api, obj, csa, o.fieldManager);
      if (migrated) obj = serverSideApply(api, config, opts).obj;
    }
  }
  return { obj, op: 'serverside-applied' };
}
