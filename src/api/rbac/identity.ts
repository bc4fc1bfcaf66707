// Who a request is: kube-apiserver's authenticators and the impersonation filter. A kind cluster's
// kubeconfig user authenticates with a client certificate (CN=kubernetes-admin, O=kubeadm:cluster-admins);
// a bearer token is a service-account JWT issued by the TokenRequest API (serviceaccounts/token), signed with
// the cluster's key; `--as`, `--as-group`, `--as-uid` impersonate (the real user must be allowed to
// `impersonate` users, groups, serviceaccounts, uids).
import type * as Crypto from 'node:crypto';
import type { APIServer } from '../server';
import type { KObject } from '../types';
import { StatusError, CliError } from '../errors';
import { byGroupResource } from '../discovery';
import type { UserInfo } from './authorizer';
import { checkClient, internal } from './enforce';

export const ISSUER = 'https://kubernetes.default.svc.cluster.local';
const CREDENTIAL_ID = 'authentication.kubernetes.io/credential-id';
const SA_PREFIX = 'system:serviceaccount:';
/** node:crypto, loaded when a token or key is at stake (its load costs a read-only invocation 4 ms). */
const nodeCrypto = (): typeof Crypto => require('node:crypto');

/** The user a kind cluster's admin certificate authenticates as. */
export function certificateUser(certData: string | undefined): UserInfo {
  const user: UserInfo = { name: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };
  // the credential id (the certificate's fingerprint) is worked out when something reads it (whoami, a review)
  let extra: Record<string, string[]> | undefined;
  Object.defineProperty(user, 'extra', {
    enumerable: true, configurable: true,
    get: () => extra ??= { [CREDENTIAL_ID]: [`X509SHA256=${nodeCrypto().createHash('sha256').update(Buffer.from(certData ?? '', 'base64')).digest('hex')}`] },
    set: (v: Record<string, string[]>) => { extra = v; },
  });
  return user;
}

export interface Impersonation { user?: string; groups: string[]; uid?: string }

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const unb64url = (s: string) => Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');

/** The cluster's service-account signing key (made on first use; kept with the cluster). */
function signingKey(api: APIServer): { key: Crypto.KeyObject; pub: Crypto.KeyObject; kid: string } {
  const crypto = nodeCrypto();
  let pem = api.store.getMeta('sa-signing-key');
  if (!pem) {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    api.store.setMeta('sa-signing-key', pem);
  }
  const key = crypto.createPrivateKey(pem);
  const pub = crypto.createPublicKey(key);
  const der = pub.export({ type: 'spki', format: 'der' });
  return { key, pub, kid: b64url(crypto.createHash('sha256').update(der).digest()) };
}

/** TokenRequest: a JWT for a service account, as kube-apiserver issues it. */
export function issueToken(api: APIServer, sa: KObject, opts: { audiences?: string[]; expirationSeconds?: number; boundObject?: { kind: string; name: string; uid: string } }): { token: string; expirationTimestamp: string } {
  const now = Math.floor(api.clock.now() / 1000);
  const exp = now + (opts.expirationSeconds ?? 3600);
  const { key, kid } = signingKey(api);
  const ku: Record<string, unknown> = { namespace: sa.metadata.namespace };
  if (opts.boundObject) ku[opts.boundObject.kind.toLowerCase()] = { name: opts.boundObject.name, uid: opts.boundObject.uid };
  ku.serviceaccount = { name: sa.metadata.name, uid: sa.metadata.uid };
  const payload = {
    aud: opts.audiences?.length ? opts.audiences : [ISSUER], exp, iat: now, iss: ISSUER, jti: api.rng.uuid(),
    'kubernetes.io': ku, nbf: now, sub: `${SA_PREFIX}${sa.metadata.namespace}:${sa.metadata.name}`,
  };
  const head = b64url(JSON.stringify({ alg: 'RS256', kid }));
  const body = b64url(JSON.stringify(payload));
  const sig = nodeCrypto().sign('sha256', Buffer.from(`${head}.${body}`), key);
  return { token: `${head}.${body}.${b64url(sig)}`, expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

const unauthorized = () => new CliError('You must be logged in to the server (Unauthorized)');

/** The service account a bearer token authenticates as (signature, expiry and the account's uid checked). */
export function tokenUser(api: APIServer, token: string): UserInfo {
  const parts = token.split('.');
  if (parts.length !== 3) throw unauthorized();
  const { pub } = signingKey(api);
  let payload: any;
  try {
    if (!nodeCrypto().verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), pub, unb64url(parts[2]!))) throw unauthorized();
    payload = JSON.parse(unb64url(parts[1]!).toString('utf8'));
  } catch { throw unauthorized(); }
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= api.clock.now()) throw unauthorized();
  const ku = payload['kubernetes.io'] ?? {};
  const sa = internal(api, () => api.tryGet(byGroupResource('', 'serviceaccounts')!, ku.namespace, ku.serviceaccount?.name));
  if (!sa || sa.metadata.uid !== ku.serviceaccount?.uid) throw unauthorized();
  return {
    name: `${SA_PREFIX}${ku.namespace}:${ku.serviceaccount.name}`, uid: ku.serviceaccount.uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${ku.namespace}`, 'system:authenticated'],
    extra: { [CREDENTIAL_ID]: [`JTI=${payload.jti}`] },
  };
}

/** The impersonation filter: check that `real` may impersonate, and return who the request is then. */
export function impersonate(api: APIServer, real: UserInfo, imp: Impersonation): UserInfo {
  if (!imp.user) {
    if (imp.groups.length || imp.uid) throw new CliError('Error: requesting uid, groups or user-extra for  without impersonating a user', 1, true);
    return real;
  }
  const asClient = (a: Parameters<typeof checkClient>[1]) => checkClient(api, a);
  let groups: string[] = [];
  let name = imp.user;
  if (name.startsWith(SA_PREFIX)) {
    const [ns, sa] = name.slice(SA_PREFIX.length).split(':');
    if (ns && sa) {
      asClient({ verb: 'impersonate', apiGroup: '', resource: 'serviceaccounts', namespace: ns, name: sa });
      groups = ['system:serviceaccounts', `system:serviceaccounts:${ns}`];
    } else asClient({ verb: 'impersonate', apiGroup: '', resource: 'users', name });
  } else asClient({ verb: 'impersonate', apiGroup: '', resource: 'users', name });
  for (const g of imp.groups) { asClient({ verb: 'impersonate', apiGroup: '', resource: 'groups', name: g }); groups.push(g); }
  if (imp.uid) asClient({ verb: 'impersonate', apiGroup: 'authentication.k8s.io', resource: 'uids', name: imp.uid });
  if (name !== 'system:anonymous' && !groups.includes('system:authenticated') && !groups.includes('system:unauthenticated')) groups.push('system:authenticated');
  if (name === 'system:anonymous' && !groups.includes('system:unauthenticated')) groups.push('system:unauthenticated');
  void StatusError;
  return { name, groups, ...(imp.uid ? { uid: imp.uid } : {}) };
}

const BOUND_KINDS: Record<string, string> = { Pod: 'pods', Secret: 'secrets', Node: 'nodes' };

/** POST serviceaccounts/<name>/token: validation, authorization (create serviceaccounts/token), issuing. */
export function createTokenRequest(api: APIServer, namespace: string, name: string, spec: {
  audiences?: string[]; expirationSeconds?: number; boundObjectRef?: { kind: string; apiVersion: string; name: string; uid?: string };
}): KObject {
  checkClient(api, { verb: 'create', apiGroup: '', resource: 'serviceaccounts', subresource: 'token', namespace, name });
  return internal(api, () => {
    const exp = spec.expirationSeconds;
    if (exp !== undefined && exp < 600) {
      throw invalidToken(name, `spec.expirationSeconds: Invalid value: ${exp}: may not specify a duration less than 10 minutes`);
    }
    if (exp !== undefined && exp > 2 ** 32) throw invalidToken(name, `spec.expirationSeconds: Invalid value: ${exp}: may not specify a duration larger than 2^32 seconds`);
    const sa = api.get(byGroupResource('', 'serviceaccounts')!, namespace, name);
    let bound: { kind: string; name: string; uid: string } | undefined;
    if (spec.boundObjectRef) {
      const b = spec.boundObjectRef;
      const ri = byGroupResource('', BOUND_KINDS[b.kind]!)!;
      const obj = api.get(ri, ri.namespaced ? namespace : undefined, b.name);
      if (b.uid && b.uid !== obj.metadata.uid) {
        throw new StatusError(409, 'Conflict', `the UID in the bound object reference (${b.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
      }
      bound = { kind: b.kind, name: b.name, uid: obj.metadata.uid! };
    }
    const { token, expirationTimestamp } = issueToken(api, sa, { audiences: spec.audiences, expirationSeconds: exp, boundObject: bound });
    return {
      kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1',
      metadata: { name, namespace, creationTimestamp: null },
      spec: { audiences: spec.audiences?.length ? spec.audiences : [ISSUER], expirationSeconds: exp ?? 3600,
        boundObjectRef: spec.boundObjectRef ? { kind: spec.boundObjectRef.kind, apiVersion: 'v1', name: spec.boundObjectRef.name, uid: bound!.uid } : null },
      status: { token, expirationTimestamp },
    } as unknown as KObject;
  });
}
function invalidToken(name: string, cause: string): StatusError {
  return new StatusError(422, 'Invalid', `TokenRequest.authentication.k8s.io "${name}" is invalid: ${cause}`,
    { name, group: 'authentication.k8s.io', kind: 'TokenRequest', causes: [{ message: cause }] });
}
