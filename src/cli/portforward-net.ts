// What a port-forwarded connection reaches: the kubelet asks containerd to connect to localhost:PORT inside
// the pod's network namespace and copies the bytes both ways. kctl hands each request's bytes to the program
// listening there and takes its answer.
//
// FOR THE LEAD (merge with rt-net): the simulated network (src/runtime/net, branch rt-net) has
// `podExchange(rt, pod, port, data, { proto, timeoutMs })` doing exactly this. When it is on this branch, make
// `exchange` below a call to it and delete `fallback` (which only knows static files served by nginx).
import type { Runtime } from '../sim/runtime';
import type { KObject } from '../api/types';

export type Exchanged = { data: string; close: boolean } | { error: 'refused' | 'timeout' | 'reset' | 'unreachable' };

/** Bytes to a pod's port from the pod's own localhost; the listener's answer, or why there is none. */
export function exchange(rt: Runtime, pod: KObject, port: number, data: string): Exchanged {
  return fallback(rt, pod, port, data);
}

// ------------------------------------------------------------------------------------ until rt-net lands
function fallback(rt: Runtime, pod: KObject, port: number, data: string): Exchanged {
  const { ContainerRuntime } = require('../runtime/cri') as typeof import('../runtime/cri');
  const cri = ContainerRuntime.of(rt);
  for (const cs of pod.status?.containerStatuses ?? []) {
    if (!cs.state?.running || !cs.containerID) continue;
    const box = cri.box(pod.metadata.uid!, String(cs.containerID).replace(/^containerd:\/\//, ''));
    if (!box || box.s.dead) continue;
    cri.bringToNow(box);
    const l = box.s.ports[String(port)];
    const p = l && box.s.procs[l.pid];
    if (!p || p.st === 'Z') continue;
    const name = p.prog.k === 'cmd' ? p.prog.name : '';
    if (name !== 'nginx') return { data: '', close: true };
    return { data: staticHttp(box.fs, '/usr/share/nginx/html', data, rt.clock.now()), close: false };
  }
  return { error: 'refused' };
}

function staticHttp(fs: import('../runtime/fs').FileSystem, root: string, req: string, now: number): string {
  const m = /^(\w+) (\S+) HTTP\/1\.[01]\r?\n/.exec(req);
  const date = new Date(now).toUTCString();
  const page = (status: string, body: string, extra = '') =>
    `HTTP/1.1 ${status}\r\nServer: nginx/1.27.3\r\nDate: ${date}\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: keep-alive\r\n\r\n${body}`;
  const stock = (code: string) => `<html>\r\n<head><title>${code}</title></head>\r\n<body>\r\n<center><h1>${code}</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n`;
  if (!m) return page('400 Bad Request', stock('400 Bad Request')).replace('Connection: keep-alive', 'Connection: close');
  let path = decodeURIComponent(m[2]!.split('?')[0]!);
  if (path.endsWith('/')) path += 'index.html';
  try {
    const body = fs.readFile(root + path);
    const head = m[1] === 'HEAD';
    const r = page('200 OK', body, `Last-Modified: ${date}\r\nETag: "${(body.length).toString(16)}"\r\nAccept-Ranges: bytes\r\n`);
    return head ? r.slice(0, r.indexOf('\r\n\r\n') + 4) : r;
  } catch {
    return page('404 Not Found', stock('404 Not Found'));
  }
}
