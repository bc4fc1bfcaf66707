// The server end of an SPDY/3.1 connection, as the kubelet's streaming server speaks it to client-go
// (moby/spdystream): frames read from a byte stream (a raw upgraded socket, or the binary messages of a
// WebSocket that tunnels it), streams the client opens (SYN_STREAM, answered with SYN_REPLY), data with
// FIN half-closes, RST_STREAM, PINGs echoed, GOAWAY. Header blocks are zlib streams with the SPDY/3
// dictionary, one compression context per direction for the whole connection: the client's are inflated
// frame by frame against the window so far; ours are written as stored (uncompressed) deflate blocks.
import zlib from 'node:zlib';

const TYPE = { SYN_STREAM: 1, SYN_REPLY: 2, RST_STREAM: 3, SETTINGS: 4, PING: 6, GOAWAY: 7, HEADERS: 8, WINDOW_UPDATE: 9 } as const;
const FLAG_FIN = 0x01;
/** RST_STREAM status codes. */
export const RST = { PROTOCOL_ERROR: 1, INVALID_STREAM: 2, REFUSED_STREAM: 3, CANCEL: 5, INTERNAL_ERROR: 6 } as const;

/** The SPDY/3 header dictionary: length-prefixed names, then a run of common values. */
const DICT: Buffer = (() => {
  const words = ['options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding',
    'accept-language', 'accept-ranges', 'age', 'allow', 'authorization', 'cache-control', 'connection', 'content-base',
    'content-encoding', 'content-language', 'content-length', 'content-location', 'content-md5', 'content-range',
    'content-type', 'date', 'etag', 'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match',
    'if-range', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'pragma', 'proxy-authenticate',
    'proxy-authorization', 'range', 'referer', 'retry-after', 'server', 'te', 'trailer', 'transfer-encoding', 'upgrade',
    'user-agent', 'vary', 'via', 'warning', 'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1',
    'url', 'public', 'set-cookie', 'keep-alive', 'origin'];
  const tail = '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
    '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized' +
    '403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
    'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT' +
    'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,' +
    'text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';
  const parts: Buffer[] = [];
  for (const w of words) { const n = Buffer.alloc(4); n.writeUInt32BE(w.length); parts.push(n, Buffer.from(w, 'latin1')); }
  parts.push(Buffer.from(tail, 'latin1'));
  return Buffer.concat(parts);
})();
export const SPDY_DICTIONARY = DICT;

function adler32(b: Buffer): number {
  let a = 1, c = 0;
  for (const x of b) { a = (a + x) % 65521; c = (c + a) % 65521; }
  return ((c << 16) | a) >>> 0;
}

/** Headers as a name → values map (names lower case, as SPDY requires). */
export type SpdyHeaders = Map<string, string[]>;

function encodeHeaders(h: [string, string][]): Buffer {
  const parts: Buffer[] = [];
  const n = Buffer.alloc(4); n.writeUInt32BE(h.length); parts.push(n);
  for (const [k, v] of h) {
    for (const s of [k.toLowerCase(), v]) { const b = Buffer.from(s, 'utf8'); const l = Buffer.alloc(4); l.writeUInt32BE(b.length); parts.push(l, b); }
  }
  return Buffer.concat(parts);
}

function decodeHeaders(b: Buffer): SpdyHeaders {
  const out: SpdyHeaders = new Map();
  let i = 0;
  const u32 = () => { if (i + 4 > b.length) throw new Error('short header block'); const v = b.readUInt32BE(i); i += 4; return v; };
  const str = () => { const n = u32(); if (i + n > b.length) throw new Error('short header block'); const s = b.subarray(i, i + n).toString('utf8'); i += n; return s; };
  const count = u32();
  for (let k = 0; k < count; k++) {
    const name = str().toLowerCase();
    out.set(name, [...(out.get(name) ?? []), ...str().split('\0')]);
  }
  return out;
}

/** One stream the client opened. */
export class SpdyStream {
  /** the client sent FIN (it will send nothing more) */
  remoteDone = false;
  /** we sent FIN */
  localDone = false;
  reset = false;
  onData?: (b: Buffer) => void;
  onFin?: () => void;
  onReset?: () => void;
  constructor(private conn: SpdyConnection, readonly id: number, readonly headers: SpdyHeaders) {}
  header(name: string): string | undefined { return this.headers.get(name)?.[0]; }
  write(b: Buffer): void {
    if (this.localDone || this.reset) return;
    for (let o = 0; o < b.length; o += 0x8000) this.conn.sendData(this.id, b.subarray(o, o + 0x8000), false);
  }
  /** Half-close: FIN on an empty data frame. */
  end(): void {
    if (this.localDone || this.reset) return;
    this.localDone = true;
    this.conn.sendData(this.id, Buffer.alloc(0), true);
    this.conn.forgetIfDone(this);
  }
  /** RST_STREAM. */
  refuse(status: number = RST.REFUSED_STREAM): void {
    if (this.reset) return;
    this.reset = true;
    this.conn.sendRst(this.id, status);
    this.conn.forgetIfDone(this);
  }
}

/** The server end of one SPDY connection over whatever carries its bytes. */
export class SpdyConnection {
  private buf: Buffer = Buffer.alloc(0);
  /** the last 32 KiB the client's header stream produced (the dictionary to begin with): its window */
  private window: Buffer = DICT;
  private readZlibHeader = false;
  private wroteZlibHeader = false;
  private streams = new Map<number, SpdyStream>();
  private lastId = 0;
  closed = false;

  /** `write` sends bytes to the client; `onStream` gets each new stream (reply it with accept() or refuse()). */
  constructor(private write: (b: Buffer) => void, private onStream: (s: SpdyStream) => void, private onClose: () => void) {}

  /** Bytes from the client. */
  feed(b: Buffer): void {
    if (this.closed) return;
    this.buf = this.buf.length ? Buffer.concat([this.buf, b]) : b;
    while (!this.closed && this.buf.length >= 8) {
      const len = this.buf.readUInt32BE(4) & 0xffffff;
      if (this.buf.length < 8 + len) break;
      const frame = this.buf.subarray(0, 8 + len);
      this.buf = this.buf.subarray(8 + len);
      try { this.frame(frame); } catch { this.close(); }
    }
  }

  /** Accept a stream the client opened: SYN_REPLY with no headers. */
  accept(s: SpdyStream): void {
    const id = Buffer.alloc(4); id.writeUInt32BE(s.id);
    this.sendControl(TYPE.SYN_REPLY, 0, Buffer.concat([id, this.compress(encodeHeaders([]))]));
  }

  /** GOAWAY, then the end of the connection. */
  close(): void {
    if (this.closed) return;
    const b = Buffer.alloc(8); b.writeUInt32BE(this.lastId); b.writeUInt32BE(0, 4);
    try { this.sendControl(TYPE.GOAWAY, 0, b); } catch { /* gone */ }
    this.ended();
  }

  /** The carrier ended (the socket or WebSocket closed). */
  ended(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams.values()) { s.reset = true; s.onReset?.(); }
    this.streams.clear();
    this.onClose();
  }

  sendData(id: number, data: Buffer, fin: boolean): void {
    const h = Buffer.alloc(8);
    h.writeUInt32BE(id & 0x7fffffff);
    h.writeUInt32BE(((fin ? FLAG_FIN : 0) << 24) | data.length, 4);
    this.out(Buffer.concat([h, data]));
  }

  sendRst(id: number, status: number): void {
    const b = Buffer.alloc(8); b.writeUInt32BE(id); b.writeUInt32BE(status, 4);
    this.sendControl(TYPE.RST_STREAM, 0, b);
  }

  forgetIfDone(s: SpdyStream): void {
    if (s.reset || (s.localDone && s.remoteDone)) this.streams.delete(s.id);
  }

  private out(b: Buffer): void { if (!this.closed) this.write(b); }

  private sendControl(type: number, flags: number, payload: Buffer): void {
    const h = Buffer.alloc(8);
    h.writeUInt16BE(0x8000 | 3); h.writeUInt16BE(type, 2);
    h.writeUInt32BE((flags << 24) | payload.length, 4);
    this.out(Buffer.concat([h, payload]));
  }

  /** A header block as the next part of our zlib stream: the stream header (with the dictionary's id)
   *  once, then the block stored, then an empty stored block (a sync flush, as zlib's writer ends each). */
  private compress(block: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (!this.wroteZlibHeader) {
      this.wroteZlibHeader = true;
      const cmf = 0x78, flg0 = 0xc0 | 0x20; // 32K window; best compression, preset dictionary
      const flg = flg0 + (31 - ((cmf * 256 + flg0) % 31)) % 31;
      const id = Buffer.alloc(4); id.writeUInt32BE(adler32(DICT));
      parts.push(Buffer.from([cmf, flg]), id);
    }
    for (let o = 0; o < block.length; o += 0xffff) {
      const chunk = block.subarray(o, o + 0xffff);
      const h = Buffer.alloc(5);
      h[0] = 0; // BFINAL 0, BTYPE 00 (stored), padded to the byte
      h.writeUInt16LE(chunk.length, 1); h.writeUInt16LE(~chunk.length & 0xffff, 3);
      parts.push(h, chunk);
    }
    // and the sync flush's empty stored block: Go's inflater hands a block's bytes out when the next begins
    parts.push(Buffer.from([0, 0, 0, 0xff, 0xff]));
    return Buffer.concat(parts);
  }

  /** The client's next header block. Each ends with a sync flush, on a block boundary, so it inflates on
   *  its own as raw deflate whose dictionary is the window so far (no state kept in zlib between frames). */
  private inflate(b: Buffer): SpdyHeaders {
    if (!this.readZlibHeader) {
      this.readZlibHeader = true;
      b = b.subarray(b[1]! & 0x20 ? 6 : 2); // CMF, FLG (and the dictionary's id)
    }
    const out = zlib.inflateRawSync(b, { dictionary: this.window, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    this.window = Buffer.concat([this.window, out]).subarray(-32768);
    return decodeHeaders(out);
  }

  private frame(f: Buffer): void {
    const first = f.readUInt32BE(0);
    const flags = f[4]!;
    const body = f.subarray(8);
    if (!(first & 0x80000000)) {
      const s = this.streams.get(first & 0x7fffffff);
      if (!s || s.reset) return; // a stream already gone
      if (body.length) s.onData?.(Buffer.from(body));
      if (flags & FLAG_FIN) { s.remoteDone = true; s.onFin?.(); this.forgetIfDone(s); }
      return;
    }
    const type = first & 0xffff;
    switch (type) {
      case TYPE.SYN_STREAM: {
        const id = body.readUInt32BE(0) & 0x7fffffff;
        const headers = this.inflate(body.subarray(10));
        if (id <= this.lastId || id % 2 === 0) { this.sendRst(id, RST.PROTOCOL_ERROR); return; }
        this.lastId = id;
        const s = new SpdyStream(this, id, headers);
        this.streams.set(id, s);
        if (flags & FLAG_FIN) s.remoteDone = true;
        this.onStream(s);
        return;
      }
      case TYPE.SYN_REPLY: case TYPE.HEADERS: {
        // (keeps the header context in step; the client's headers on an open stream mean nothing here)
        this.inflate(body.subarray(4));
        if (flags & FLAG_FIN) { const s = this.streams.get(body.readUInt32BE(0) & 0x7fffffff); if (s) { s.remoteDone = true; s.onFin?.(); this.forgetIfDone(s); } }
        return;
      }
      case TYPE.RST_STREAM: {
        const s = this.streams.get(body.readUInt32BE(0) & 0x7fffffff);
        if (s) { s.reset = true; this.streams.delete(s.id); s.onReset?.(); }
        return;
      }
      case TYPE.PING:
        // the client's pings (odd ids) are echoed; we send none of our own
        if (body.readUInt32BE(0) % 2 === 1) this.sendControl(TYPE.PING, 0, Buffer.from(body.subarray(0, 4)));
        return;
      case TYPE.GOAWAY:
        this.ended();
        return;
      default: // SETTINGS, WINDOW_UPDATE (spdystream does no flow control) and anything newer
    }
  }
}
