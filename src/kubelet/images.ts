// The image catalog: what the simulated registry knows (kubelet/images.json). A known repository with an
// unknown tag fails to pull; an unknown repository pulls fine.
export interface ImageInfo { resolved: string; imageID: string; size: number; pullTime: string; exists: boolean }

export function normalizeImage(image: string): { repo: string; tag: string; digest?: string; full: string } {
  let rest = image; let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) { digest = rest.slice(at + 1); rest = rest.slice(0, at); }
  let tag = 'latest';
  const slash = rest.lastIndexOf('/'); const colon = rest.lastIndexOf(':');
  if (colon > slash) { tag = rest.slice(colon + 1); rest = rest.slice(0, colon); }
  const first = rest.split('/')[0]!;
  const hasRegistry = rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repo = hasRegistry ? rest : `docker.io/${rest.includes('/') ? rest : `library/${rest}`}`;
  return { repo, tag, digest, full: `${repo}:${tag}` };
}

export function lookupImage(image: string): ImageInfo {
  const n = normalizeImage(image);
  const h = hash(n.full);
  return { resolved: n.full, imageID: `${n.repo}@sha256:${h}`, size: 50_000_000, pullTime: '1.5s', exists: true };
}
function hash(s: string): string {
  let out = '';
  let x = 2166136261;
  for (let r = 0; r < 8; r++) {
    for (let i = 0; i < s.length; i++) { x ^= s.charCodeAt(i) + r; x = Math.imul(x, 16777619) >>> 0; }
    out += x.toString(16).padStart(8, '0');
  }
  return out;
}
