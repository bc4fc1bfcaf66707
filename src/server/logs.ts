// pods/log over HTTP: filled in with the container runtime (src/runtime/cri.ts) — until then a clear error.
import type { ServerResponse } from 'node:http';
import type { ClientContext } from '../api/rbac/enforce';
import type { ApiServer } from './serve';
import { statusBody } from './status';

export function serveLog(srv: ApiServer, _t: { ns: string; name: string; query: URLSearchParams }, res: ServerResponse, _client: ClientContext): void {
  srv.send(res, 400, statusBody(400, 'BadRequest', 'container logs are not available in this build'));
}
