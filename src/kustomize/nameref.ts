// kustomize's name-reference fix-up (api/internal/accumulator/namereferencetransformer.go and
// api/filters/nameref): after prefixes, suffixes and hashes changed names, every field that refers to a
// resource by name (the nameReference table: a Deployment's configMapRef, a RoleBinding's roleRef, ...) is
// pointed at the referral's new name, choosing among candidates by previous name, kind, namespace and
// matching prefixes/suffixes.
import { YNode, get, setField, isMissingOrNull, scalar } from './node';
import { Resource, ResMap } from './resource';
import { Gvk, gvkSelected, isClusterScoped, isNsEquals, effectiveNamespace, resIdString } from './resid';
import type { NameBackRef, FieldSpec } from './config';
import { applyFieldSpec } from './fieldspec';
import { KError, wrap } from './errors';

interface Filter { fs: FieldSpec; target: Partial<Gvk> }

export function fixNameReferences(m: ResMap, backRefs: NameBackRef[]): void {
  const resources = m.resources();
  const orgIds = resources.map(r => r.orgId());
  const fmap = new Map<Resource, Filter[]>();
  for (const br of backRefs) {
    for (const spec of br.fieldSpecs) {
      resources.forEach((r, i) => {
        if (gvkSelected(orgIds[i]!.gvk, spec.gvk)) {
          if (!fmap.has(r)) fmap.set(r, []);
          fmap.get(r)!.push({ fs: spec, target: br.gvk });
        }
      });
    }
  }
  for (const [r, filters] of fmap) {
    const candidates = m.subsetReferencedBy(r);
    for (const f of filters) runFilter(r, f, candidates);
  }
}

function runFilter(referrer: Resource, f: Filter, candidates: Resource[]): void {
  const g = referrer.getGvk();
  const fs: FieldSpec = { ...f.fs, gvk: { group: g.group, version: g.version, kind: g.kind } };
  try {
    applyFieldSpec(referrer.node, fs, { set: n => set(n, referrer, f, candidates) }, referrer);
  } catch (e) {
    throw wrap(e, `updating name reference in '${f.fs.path}' field of '${resIdString(referrer.curId())}'`);
  }
}

function set(n: YNode, referrer: Resource, f: Filter, candidates: Resource[]): void {
  if (isMissingOrNull(n)) return;
  if (n.kind === 'scalar') return setScalar(n, referrer, f, candidates);
  if (n.kind === 'map') return setMapping(n, referrer, f, candidates);
  if (n.kind === 'seq') {
    for (const el of n.content) {
      if (isMissingOrNull(el)) continue;
      if (el.kind === 'scalar') setScalar(el, referrer, f, candidates);
      else if (el.kind === 'map') setMapping(el, referrer, f, candidates);
      else throw new KError('node is expected to be either a string or a map of string');
    }
    return;
  }
  throw new KError('node must be a scalar, sequence or map');
}

function setScalar(n: YNode, referrer: Resource, f: Filter, candidates: Resource[]): void {
  const referral = selectReferral(n.value, candidates, referrer, f, rs => rs.every(r => r.getName() === rs[0]!.getName()));
  if (!referral) return;
  referral.appendRefBy(referrer.curId());
  if (referral.getName() === n.value) return;
  n.kind = 'scalar'; n.tag = ''; n.value = referral.getName(); n.content = [];
}

function setMapping(n: YNode, referrer: Resource, f: Filter, all: Resource[]): void {
  const nameNode = get(n, 'name');
  if (!nameNode) throw new KError("path config error; no 'name' field in node");
  let candidates = all;
  const nsNode = get(n, 'namespace');
  if (nsNode) {
    const ns = nsNode.value;
    const byOrg = all.filter(r => effectiveNamespace(r.orgId()) === ns && !isClusterScoped(r.orgId()));
    candidates = byOrg.length ? byOrg : all.filter(r => effectiveNamespace(r.curId()) === ns && !isClusterScoped(r.curId()));
  }
  const oldName = nameNode.value;
  const referral = selectReferral(oldName, candidates, referrer, f,
    rs => rs.every(r => r.getName() === rs[0]!.getName() && r.getNamespace() === rs[0]!.getNamespace()));
  if (!referral) return;
  referral.appendRefBy(referrer.curId());
  if (referral.getName() === oldName && referral.getNamespace() === '') return;
  setField(n, 'name', scalar(referral.getName()));
  if (referral.getNamespace() === '') return;
  setField(n, 'namespace', scalar(referral.getNamespace()));
}

function roleRefGvk(referrer: Resource): Partial<Gvk> | undefined {
  const rr = get(referrer.node, 'roleRef');
  if (!rr || isMissingOrNull(rr)) return undefined;
  const g = get(rr, 'apiGroup'), k = get(rr, 'kind');
  if (!g || !k) return undefined;
  return { group: g.value, kind: k.value };
}

function selectReferral(oldName: string, candidates: Resource[], referrer: Resource, f: Filter, identical: (rs: Resource[]) => boolean): Resource | undefined {
  let c = candidates.filter(r => r.prevIds().some(id => id.name === oldName));
  c = c.filter(r => r.prevIds().some(id => gvkSelected(id.gvk, f.target)));
  if (f.fs.path.endsWith('roleRef/name')) {
    const rg = roleRefGvk(referrer);
    if (rg) c = c.filter(r => r.prevIds().some(id => gvkSelected(id.gvk, rg)));
  }
  const rid = referrer.curId();
  if (!isClusterScoped(rid)) {
    c = c.filter(r => isClusterScoped(r.curId()) || r.getKind() === 'ServiceAccount' || isNsEquals(rid, r.curId()));
  }
  if (c.length === 1) return c[0];
  c = c.filter(r => r.prefixesSuffixesEquals(referrer, true));
  if (c.length > 1) c = c.filter(r => r.prefixesSuffixesEquals(referrer, false));
  if (c.length === 1) return c[0];
  if (c.length === 0) return undefined;
  if (identical(c)) return c[0];
  const ids = c.map(r => resIdString(r.curId())).join(', ');
  const { goYAML } = require('../cli/printers/yaml') as typeof import('../cli/printers/yaml');
  let details = `\n**** Too many possible referral targets to referrer:\n${goYAML(referrer.toJSON())}\n`;
  c.forEach((r, i) => { details += `--- possible referral ${i}:\n${goYAML(r.toJSON())}\n`; });
  throw new KError(`found multiple possible referrals: ${ids}\n${details}`);
}
