#!/usr/bin/env python3
# A tiny authoritative DNS server on 127.0.0.1:53 answering like a kind cluster's CoreDNS (cluster.local,
# aa set, SOA on NXDOMAIN/NODATA) and like its upstream for a few outside names (aa clear). For recording
# what real resolvers and tools print (make-golden.sh); never reachable beyond loopback.
import socket, struct
SOA = ('cluster.local', 'SOA', 30, ('ns.dns.cluster.local', 'hostmaster.cluster.local', 1733520000, 7200, 1800, 86400, 30))
Z = {
  ('kubernetes.default.svc.cluster.local', 'A'): ['10.96.0.1'],
  ('kube-dns.kube-system.svc.cluster.local', 'A'): ['10.96.0.10'],
  ('web.default.svc.cluster.local', 'A'): ['10.98.143.44'],
  ('nginx.default.svc.cluster.local', 'A'): ['10.244.2.2', '10.244.1.3'],
  ('web-0.nginx.default.svc.cluster.local', 'A'): ['10.244.2.2'],
  ('_http._tcp.web.default.svc.cluster.local', 'SRV'): [(0, 100, 80, 'web.default.svc.cluster.local')],
  ('10.0.96.10.in-addr.arpa', 'PTR'): ['kube-dns.kube-system.svc.cluster.local'],
  ('1.0.96.10.in-addr.arpa', 'PTR'): ['kubernetes.default.svc.cluster.local'],
  ('44.143.98.10.in-addr.arpa', 'PTR'): ['web.default.svc.cluster.local'],
  ('2.2.244.10.in-addr.arpa', 'PTR'): ['web-0.nginx.default.svc.cluster.local'],
  ('3.1.244.10.in-addr.arpa', 'PTR'): ['10-244-1-3.nginx.default.svc.cluster.local'],
}
EXT = {('info.cern.ch', 'A'): ['188.184.67.127']}
TYPES = {1: 'A', 28: 'AAAA', 5: 'CNAME', 33: 'SRV', 12: 'PTR', 6: 'SOA', 2: 'NS', 16: 'TXT', 255: 'ANY'}
CODES = {v: k for k, v in TYPES.items()}
def name_enc(n):
    return b''.join(bytes([len(p)]) + p.encode() for p in n.rstrip('.').split('.') if p) + b'\0'
def name_dec(b, i):
    labels = []
    while b[i]:
        l = b[i]; labels.append(b[i+1:i+1+l].decode()); i += 1 + l
    return '.'.join(labels), i + 1
def rr(name, t, ttl, data):
    if t == 'A': rd = socket.inet_aton(data)
    elif t in ('PTR', 'CNAME', 'NS'): rd = name_enc(data)
    elif t == 'SRV': rd = struct.pack('>HHH', *data[:3]) + name_enc(data[3])
    elif t == 'SOA': rd = name_enc(data[0]) + name_enc(data[1]) + struct.pack('>IIIII', *data[2:])
    return name_enc(name) + struct.pack('>HHIH', CODES[t], 1, ttl, len(rd)) + rd
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', 53))
while True:
    q, addr = s.recvfrom(512)
    qid, flags = struct.unpack('>HH', q[:4])
    name, i = name_dec(q, 12)
    qt, qc = struct.unpack('>HH', q[i:i+4])
    arcount = struct.unpack('>H', q[10:12])[0]
    opt = b'\0' + struct.pack('>HHIH', 41, 1232, 0, 0) if arcount else b''
    t = TYPES.get(qt, '?'); lname = name.lower()
    ans, auth, rcode, aa = [], [], 0, 0
    if lname.endswith('cluster.local') or lname.endswith('in-addr.arpa') and (lname, 'PTR') in Z:
        aa = 1
        exists = any(k[0] == lname for k in Z)
        if (lname, t) in Z: ans = [rr(name, t, 30, d) for d in Z[(lname, t)]]
        elif exists: auth = [rr(*SOA)]
        else: rcode = 3; auth = [rr(*SOA)]
    elif (lname, t) in EXT: ans = [rr(name, t, 300, d) for d in EXT[(lname, t)]]
    elif any(k[0] == lname for k in EXT): pass
    else: rcode = 3
    # CoreDNS answers cluster.local itself (aa, no recursion available); forwarded answers come back with ra
    hdr = struct.pack('>HHHHHH', qid, 0x8000 | (aa << 10) | 0x0100 | (0 if aa else 0x0080) | rcode, 1, len(ans), len(auth), 1 if opt else 0)
    s.sendto(hdr + q[12:i+4] + b''.join(ans) + b''.join(auth) + opt, addr)
