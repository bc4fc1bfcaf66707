// pods/exec, pods/attach and pods/portforward over WebSocket: filled in with the container runtime.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { ApiServer } from './serve';

export function upgrade(_srv: ApiServer, _req: IncomingMessage, socket: Socket, _head: Buffer): void {
  socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n\r\nstreams are not available in this build\n');
}
