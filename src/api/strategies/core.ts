// Smaller core/v1 kinds: Secret, ConfigMap, ServiceAccount, ResourceQuota, LimitRange, Endpoints, Event.
import type { Strategy } from './types';
import type { KObject } from '../types';
import { badRequest, FieldError } from '../errors';
import { configKey, semanticEqual } from './common';
import { isQuantity, parseQuantity } from '../../util/quantity';
import { isIPv4, portNumErrors } from './service';

const MAX_SIZE = 1048576;
const sortKeys = (m: Record<string, unknown> | undefined) => Object.keys(m ?? {}).sort();
const B64 = /^[A-Za-z0-9+/]$/;

/** Go's base64.StdEncoding: the offset of the first bad byte, or -1 when the text decodes. */
export function base64Error(v: string): number {
  const s = v.replace(/[\r\n]/g, '');
  let i = 0;
  for (; i < s.length; i++) { if (!B64.test(s[i]!)) break; }
  if (i < s.length) {
    // padding is only allowed at the end of a full quantum
    const pad = s.slice(i);
    if (/^=+$/.test(pad) && s.length % 4 === 0 && pad.length <= 2 && i % 4 >= 2) return -1;
    return i;
  }
  return s.length % 4 === 0 ? -1 : Math.floor(s.length / 4) * 4;
}
const b64len = (v: string) => Buffer.from(v, 'base64').length;

export const QUANTITY_RE_MSG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/** A bad quantity fails decoding, before validation (a BadRequest, not Invalid). */
export function checkQuantities(kind: string, lists: (Record<string, unknown> | undefined)[]): void {
  for (const l of lists) for (const v of Object.values(l ?? {})) {
    if (!isQuantity(v)) throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: ${QUANTITY_RE_MSG}`);
  }
}

// ---------------- Secret ----------------
function prepareSecret(o: KObject): void {
  o.type ||= 'Opaque';
  for (const k of sortKeys(o.data)) {
    const v = o.data[k];
    if (typeof v === 'string') {
      const bad = base64Error(v);
      if (bad >= 0) throw badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${bad}`);
    }
  }
  if (o.stringData && typeof o.stringData === 'object') {
    o.data ??= {};
    for (const [k, v] of Object.entries(o.stringData)) o.data[k] = Buffer.from(String(v ?? ''), 'utf8').toString('base64');
  }
  delete o.stringData;
  if (o.data && !Object.keys(o.data).length) delete o.data;
}
export const secretStrategy: Strategy = {
  prepareForCreate: o => prepareSecret(o),
  prepareForUpdate: o => prepareSecret(o),
  validate(o) {
    const errs: FieldError[] = [];
    let total = 0;
    for (const k of sortKeys(o.data)) {
      for (const m of configKey(k)) errs.push({ field: `data[${k}]`, type: 'Invalid', value: k, detail: m });
      total += b64len(String(o.data[k] ?? ''));
    }
    if (total > MAX_SIZE) errs.push({ field: 'data', type: 'TooLong', detail: `may not be more than ${MAX_SIZE} bytes` });
    const data = o.data ?? {};
    switch (o.type) {
      case 'kubernetes.io/service-account-token':
        if (!o.metadata.annotations?.['kubernetes.io/service-account.name'])
          errs.push({ field: 'metadata.annotations[kubernetes.io/service-account.name]', type: 'Required' });
        break;
      case 'kubernetes.io/dockercfg':
      case 'kubernetes.io/dockerconfigjson': {
        const key = o.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
        if (!(key in data)) { errs.push({ field: `data[${key}]`, type: 'Required' }); break; }
        try { JSON.parse(Buffer.from(String(data[key]), 'base64').toString('utf8')); } catch {
          errs.push({ field: `data[${key}]`, type: 'Invalid', value: '<secret contents redacted>', detail: 'unexpected end of JSON input' });
        }
        break;
      }
      case 'kubernetes.io/basic-auth':
        if (!('username' in data) && !('password' in data)) {
          errs.push({ field: 'data[username]', type: 'Required' });
          errs.push({ field: 'data[password]', type: 'Required' });
        }
        break;
      case 'kubernetes.io/ssh-auth':
        if (!data['ssh-privatekey']) errs.push({ field: 'data[ssh-privatekey]', type: 'Required' });
        break;
      case 'kubernetes.io/tls':
        if (!('tls.crt' in data)) errs.push({ field: 'data[tls.crt]', type: 'Required' });
        if (!('tls.key' in data)) errs.push({ field: 'data[tls.key]', type: 'Required' });
        break;
    }
    return errs;
  },
  validateUpdate(o, old) {
    const errs: FieldError[] = [];
    if (o.type !== old.type) errs.push({ field: 'type', type: 'Invalid', value: o.type, detail: 'field is immutable' });
    if (old.immutable === true) {
      if (o.immutable !== true) errs.push({ field: 'immutable', type: 'Forbidden', detail: 'field is immutable when `immutable` is set' });
      if (!semanticEqual(o.data, old.data)) errs.push({ field: 'data', type: 'Forbidden', detail: 'field is immutable when `immutable` is set' });
    }
    return errs;
  },
  fields: o => ({ type: o.type ?? '' }),
};

// ---------------- ConfigMap ----------------
export const configMapStrategy: Strategy = {
  validate(o) {
    const errs: FieldError[] = [];
    let total = 0;
    for (const k of sortKeys(o.data)) {
      for (const m of configKey(k)) errs.push({ field: `data[${k}]`, type: 'Invalid', value: k, detail: m });
      if (o.binaryData && k in o.binaryData) errs.push({ field: `data[${k}]`, type: 'Invalid', value: k, detail: 'duplicate of key present in binaryData' });
      total += Buffer.byteLength(String(o.data[k] ?? ''), 'utf8');
    }
    for (const k of sortKeys(o.binaryData)) {
      for (const m of configKey(k)) errs.push({ field: `binaryData[${k}]`, type: 'Invalid', value: k, detail: m });
      if (o.data && k in o.data) errs.push({ field: `binaryData[${k}]`, type: 'Invalid', value: k, detail: 'duplicate of key present in data' });
      total += b64len(String(o.binaryData[k] ?? ''));
    }
    if (total > MAX_SIZE) errs.push({ field: '[]', type: 'TooLong', detail: `may not be more than ${MAX_SIZE} bytes` });
    return errs;
  },
  prepareForCreate(o) {
    for (const k of sortKeys(o.binaryData)) {
      const bad = base64Error(String(o.binaryData[k] ?? ''));
      if (bad >= 0) throw badRequest(`ConfigMap in version "v1" cannot be handled as a ConfigMap: illegal base64 data at input byte ${bad}`);
    }
  },
  validateUpdate(o, old) {
    const errs: FieldError[] = [];
    if (old.immutable === true) {
      if (o.immutable !== true) errs.push({ field: 'immutable', type: 'Forbidden', detail: 'field is immutable when `immutable` is set' });
      if (!semanticEqual(o.data, old.data)) errs.push({ field: 'data', type: 'Forbidden', detail: 'field is immutable when `immutable` is set' });
      if (!semanticEqual(o.binaryData, old.binaryData)) errs.push({ field: 'binaryData', type: 'Forbidden', detail: 'field is immutable when `immutable` is set' });
    }
    return errs;
  },
};

// ---------------- ServiceAccount ----------------
export const serviceAccountStrategy: Strategy = {
  validate(o) {
    const errs: FieldError[] = [];
    (o.secrets ?? []).forEach((s: any, i: number) => { if (!s?.name) errs.push({ field: `secrets[${i}].name`, type: 'Required' }); });
    (o.imagePullSecrets ?? []).forEach((s: any, i: number) => { if (!s?.name) errs.push({ field: `imagePullSecrets[${i}].name`, type: 'Required' }); });
    return errs;
  },
};

// ---------------- ResourceQuota ----------------
const QUOTA_SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];
export const resourceQuotaStrategy: Strategy = {
  prepareForCreate(o) { checkQuantities('ResourceQuota', [o.spec?.hard]); o.spec ??= {}; },
  prepareForUpdate(o) { checkQuantities('ResourceQuota', [o.spec?.hard]); },
  validate(o) {
    const errs: FieldError[] = [];
    for (const k of sortKeys(o.spec?.hard)) {
      const v = o.spec.hard[k];
      if (Number.parseFloat(String(v)) < 0) errs.push({ field: `spec.hard[${k}]`, type: 'Invalid', value: String(v), detail: 'must be greater than or equal to 0' });
      if (!k.includes('/') && !k.includes('.') && !/^(cpu|memory|pods|services|replicationcontrollers|resourcequotas|secrets|configmaps|persistentvolumeclaims|services\.nodeports|services\.loadbalancers|requests\.\S+|limits\.\S+|ephemeral-storage|storage|count\/\S+)$/.test(k))
        errs.push({ field: `spec.hard[${k}]`, type: 'Invalid', value: k, detail: 'must be a standard resource for quota' });
    }
    (o.spec?.scopes ?? []).forEach((s: string) => {
      if (!QUOTA_SCOPES.includes(s)) errs.push({ field: 'spec.scopes', type: 'Invalid', value: s, detail: 'unsupported scope' });
    });
    return errs;
  },
};

// ---------------- LimitRange ----------------
export const limitRangeStrategy: Strategy = {
  prepareForCreate(o) { defaultLimitRange(o); },
  prepareForUpdate(o) { defaultLimitRange(o); },
  validate(o) {
    const errs: FieldError[] = [];
    (o.spec?.limits ?? []).forEach((l: any, i: number) => {
      const p = `spec.limits[${i}]`;
      if (!['Pod', 'Container', 'PersistentVolumeClaim'].includes(l.type) && !String(l.type ?? '').includes('/'))
        errs.push({ field: `${p}.type`, type: 'Invalid', value: l.type ?? '', detail: 'must be a standard limit type or fully qualified' });
      for (const r of sortKeys(l.min)) {
        const mx = l.max?.[r];
        if (mx !== undefined && parseQ(l.min[r]) > parseQ(mx))
          errs.push({ field: `${p}.min[${r}]`, type: 'Invalid', value: String(l.min[r]), detail: `min value ${l.min[r]} is greater than max value ${mx}` });
      }
      for (const r of sortKeys(l.default)) {
        const d = l.default[r], mn = l.min?.[r], mx = l.max?.[r];
        if (mn !== undefined && parseQ(mn) > parseQ(d)) errs.push({ field: `${p}.default[${r}]`, type: 'Invalid', value: String(d), detail: `min value ${mn} is greater than default value ${d}` });
        if (mx !== undefined && parseQ(d) > parseQ(mx)) errs.push({ field: `${p}.default[${r}]`, type: 'Invalid', value: String(d), detail: `default value ${d} is greater than max value ${mx}` });
      }
      for (const r of sortKeys(l.defaultRequest)) {
        const d = l.defaultRequest[r], dl = l.default?.[r];
        if (dl !== undefined && parseQ(d) > parseQ(dl)) errs.push({ field: `${p}.defaultRequest[${r}]`, type: 'Invalid', value: String(d), detail: `default request value ${d} is greater than default limit value ${dl}` });
      }
      if (l.type === 'Pod') {
        if (l.default && Object.keys(l.default).length) errs.push({ field: `${p}.default`, type: 'Forbidden', detail: 'may not be specified when `type` is \'Pod\'' });
        if (l.defaultRequest && Object.keys(l.defaultRequest).length) errs.push({ field: `${p}.defaultRequest`, type: 'Forbidden', detail: 'may not be specified when `type` is \'Pod\'' });
      }
    });
    return errs;
  },
};
const parseQ = (v: unknown) => parseQuantity(v);
function defaultLimitRange(o: KObject): void {
  for (const l of o.spec?.limits ?? []) {
    checkQuantities('LimitRange', [l.max, l.min, l.default, l.defaultRequest, l.maxLimitRequestRatio]);
    if (l.type !== 'Container') continue;
    const def: Record<string, unknown> = { ...(l.default ?? {}) };
    const req: Record<string, unknown> = { ...(l.defaultRequest ?? {}) };
    for (const [k, v] of Object.entries(l.max ?? {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
    for (const [k, v] of Object.entries(l.min ?? {})) if (!(k in req)) req[k] = v;
    if (Object.keys(def).length) l.default = def;
    if (Object.keys(req).length) l.defaultRequest = req;
  }
}

// ---------------- Endpoints ----------------
function defaultEndpoints(o: KObject): void {
  for (const s of o.subsets ?? []) for (const p of s.ports ?? []) p.protocol ||= 'TCP';
}
export const endpointsStrategy: Strategy = {
  prepareForCreate: o => defaultEndpoints(o),
  prepareForUpdate: o => defaultEndpoints(o),
  validate(o) {
    const errs: FieldError[] = [];
    (o.subsets ?? []).forEach((ss: any, i: number) => {
      const p = `subsets[${i}]`;
      if (!(ss.addresses ?? []).length && !(ss.notReadyAddresses ?? []).length)
        errs.push({ field: p, type: 'Required', detail: 'must specify `addresses` or `notReadyAddresses`' });
      for (const key of ['addresses', 'notReadyAddresses']) (ss[key] ?? []).forEach((a: any, j: number) => {
        if (!a.ip || (!isIPv4(a.ip) && !a.ip.includes(':')))
          errs.push({ field: `${p}.${key}[${j}].ip`, type: 'Invalid', value: a.ip ?? '', detail: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' });
      });
      (ss.ports ?? []).forEach((pt: any, j: number) => {
        const pp = `${p}.ports[${j}]`;
        if ((ss.ports.length > 1) && !pt.name) errs.push({ field: `${pp}.name`, type: 'Required' });
        for (const m of portNumErrors(pt.port)) errs.push({ field: `${pp}.port`, type: 'Invalid', value: pt.port ?? 0, detail: m });
        if (!['TCP', 'UDP', 'SCTP'].includes(pt.protocol)) errs.push({ field: `${pp}.protocol`, type: 'NotSupported', value: pt.protocol, detail: 'supported values: "SCTP", "TCP", "UDP"' });
      });
    });
    return errs;
  },
};

// ---------------- Event (core/v1) ----------------
/** events.k8s.io/v1 ⇄ core/v1 Event field names (k8s.io/kubernetes pkg/apis/events/v1 conversion). */
const EVENT_FIELDS: [string, string][] = [
  ['involvedObject', 'regarding'], ['message', 'note'], ['reportingComponent', 'reportingController'],
  ['source', 'deprecatedSource'], ['firstTimestamp', 'deprecatedFirstTimestamp'], ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
];
/** A stored (core) Event as events.k8s.io/v1 shows it. */
export function eventToEventsV1(o: KObject): KObject {
  const out: KObject = { ...o, apiVersion: 'events.k8s.io/v1' };
  for (const [core, v1] of EVENT_FIELDS) {
    delete (out as any)[core];
    if ((o as any)[core] !== undefined && (o as any)[core] !== null) (out as any)[v1] = (o as any)[core];
  }
  return out;
}
/** An events.k8s.io/v1 Event as it is stored (core form), in place. */
function eventsV1ToCore(o: KObject): void {
  for (const [core, v1] of EVENT_FIELDS) {
    if ((o as any)[v1] !== undefined) (o as any)[core] = (o as any)[v1];
    delete (o as any)[v1];
  }
  o.apiVersion = 'v1';
}

export const eventStrategy: Strategy = {
  prepareForCreate(o) { if (o.apiVersion === 'events.k8s.io/v1') eventsV1ToCore(o); },
  prepareForUpdate(o) { if (o.apiVersion === 'events.k8s.io/v1') eventsV1ToCore(o); },
  present(o) { return o.apiVersion === 'events.k8s.io/v1' && (o as any).regarding === undefined ? eventToEventsV1(o) : o; },
  validate(o) {
    const errs: FieldError[] = [];
    const io = o.involvedObject ?? {};
    if (io.namespace && o.metadata.namespace && io.namespace !== o.metadata.namespace)
      errs.push({ field: 'involvedObject.namespace', type: 'Invalid', value: io.namespace, detail: 'does not match event.namespace' });
    if (o.type && !['Normal', 'Warning'].includes(o.type))
      errs.push({ field: 'type', type: 'NotSupported', value: o.type, detail: 'supported values: "Normal", "Warning"' });
    return errs;
  },
  fields: o => ({
    'involvedObject.kind': o.involvedObject?.kind ?? '', 'involvedObject.namespace': o.involvedObject?.namespace ?? '',
    'involvedObject.name': o.involvedObject?.name ?? '', 'involvedObject.uid': o.involvedObject?.uid ?? '',
    'involvedObject.apiVersion': o.involvedObject?.apiVersion ?? '', 'involvedObject.resourceVersion': o.involvedObject?.resourceVersion ?? '',
    'involvedObject.fieldPath': o.involvedObject?.fieldPath ?? '', reason: o.reason ?? '', reportingComponent: o.reportingComponent ?? '',
    source: o.source?.component ?? '', type: o.type ?? '',
  }),
};
