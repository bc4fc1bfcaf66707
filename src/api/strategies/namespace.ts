import type { Strategy } from './types';
import { byGroupResource } from '../discovery';

export const namespaceStrategy: Strategy = {
  nameRule: 'label',
  prepareForCreate(obj) {
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name! };
    obj.spec = { ...(obj.spec ?? {}), finalizers: ['kubernetes'] };
    obj.status = { phase: 'Active' };
  },
  prepareForUpdate(obj, old) {
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name! };
    obj.spec = old.spec; // spec.finalizers change only through /finalize
  },
  fields: o => ({ 'status.phase': o.status?.phase ?? '' }),
  /** Every namespace gets its default service account and the root CA config map, as the controllers make them. */
  afterCreate(obj, api) {
    const ns = obj.metadata.name!;
    api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
    api.create({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'kube-root-ca.crt', namespace: ns, annotations: { 'kubernetes.io/description': "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." } },
      data: { 'ca.crt': CA_CERT },
    });
    void byGroupResource;
  },
  /** A namespace is deleted through a Terminating phase: the namespace controller empties it first. */
  beginDeletion(obj) {
    obj.status = { ...(obj.status ?? {}), phase: 'Terminating' };
    return true;
  },
};

export const CA_CERT = `-----BEGIN CERTIFICATE-----
MIIDBTCCAe2gAwIBAgIIKctlKctlKcswDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE
AxMKa3ViZXJuZXRlczAeFw0yNjAxMDEwMDAwMDBaFw0zNjAxMDEwMDAwMDBaMBUx
EzARBgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK
AoIBAQDKctlSimulatedClusterCertificateAuthorityNotARealKeyKctlKct
-----END CERTIFICATE-----
`;
