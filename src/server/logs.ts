// pods/log over HTTP (kubectl logs, -f): the container runtime's log reader behind kube-apiserver's
// endpoint; the work is in streams.ts (podLog).
import type { ServerResponse } from 'node:http';
import type { ClientContext } from '../api/rbac/enforce';
import type { ApiServer } from './serve';
import { podLog } from './streams';

export function serveLog(srv: ApiServer, t: { ns: string; name: string; query: URLSearchParams }, res: ServerResponse, client: ClientContext): void {
  podLog(srv, client, t.ns, t.name, t.query, res);
}
