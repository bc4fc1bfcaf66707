// The image catalog: what the simulated registry knows (kubelet/images.json). A known repository with an
// unknown tag fails to pull; so does a single-word name that is not one of Docker Hub's official images
// (`ngnix`: docker.io/library/ngnix does not exist); other unknown repositories pull fine. Digests are stable
// (derived from the name).
import catalog from './images.json';

interface RepoEntry { tags: Record<string, number> }
const REPOS = (catalog as unknown as { repositories: Record<string, RepoEntry> }).repositories;
let OFFICIAL: Set<string> | undefined;
/** docker.io/library/<name> exists on Docker Hub (an official image). */
function officialLibrary(repo: string): boolean {
  OFFICIAL ??= new Set((catalog as unknown as { officialLibrary: string[] }).officialLibrary);
  return !repo.startsWith('docker.io/library/') || OFFICIAL.has(repo.slice('docker.io/library/'.length));
}

export interface ImageRef {
  /** docker.io/library/nginx */
  repo: string;
  tag: string;
  digest?: string;
  /** docker.io/library/nginx:1.14.2 (or repo@digest) */
  full: string;
}
export interface ImageInfo {
  ref: ImageRef;
  /** The name the runtime reports in containerStatuses[].image (docker.io/library/nginx:latest). */
  resolved: string;
  /** repo@sha256:... */
  imageID: string;
  size: number;
  /** How long the pull "took", as the kubelet prints it (Go duration truncated to ms). */
  pullTime: string;
  /** The registry has this image. */
  exists: boolean;
  /** The repository does not exist (a single-word name that is no official image): pull access denied. */
  denied?: boolean;
  /** The repository is in the catalog. */
  known: boolean;
}

// github.com/distribution/reference grammar
const ALNUM = '[a-z0-9]+';
const SEP = '(?:[._]|__|[-]+)';
const COMPONENT = `${ALNUM}(?:${SEP}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);

const parsedImages = new Map<string, ImageRef | { error: string }>();
/** Parse and normalize an image reference as the kubelet does; an error text when it cannot. (The same object
 *  for the same reference: read it, do not change it.) */
export function parseImage(image: string): ImageRef | { error: string } {
  let r = parsedImages.get(image);
  if (!r) { r = parseImageUncached(image); if (parsedImages.size < 10_000) parsedImages.set(image, r); }
  return r;
}
function parseImageUncached(image: string): ImageRef | { error: string } {
  const m = image.match(REFERENCE);
  if (!m) {
    let why = 'invalid reference format';
    const named = image.split(/[:@]/)[0] ?? '';
    if (/[A-Z]/.test(named) && new RegExp(`^(?:${DOMAIN}/)?[a-zA-Z0-9._/-]+$`).test(named)) {
      // the message names the path as written, with library/ for official images
      const path = named.includes('/') ? (isDomain(named.split('/')[0]!) ? named.split('/').slice(1).join('/') : named) : `library/${named}`;
      why = `invalid reference format: repository name (${path}) must be lowercase`;
    }
    return { error: `couldn't parse image name "${image}": ${why}` };
  }
  const name = m[1]!;
  if (name.length > 255) return { error: `couldn't parse image name "${image}": repository name must not be more than 255 characters` };
  const { repo } = normalizeName(name);
  const digest = m[3];
  const tag = m[2] ?? (digest ? '' : 'latest');
  return { repo, tag, digest, full: digest && !m[2] ? `${repo}@${digest}` : `${repo}:${tag}` };
}
function isDomain(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first;
}
function normalizeName(name: string): { repo: string } {
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  if (slash >= 0 && isDomain(first)) {
    // Docker Hub's official images keep their library/ path when the domain is written (docker.io/redis)
    if (first === 'docker.io' || first === 'index.docker.io') { const rest = name.slice(slash + 1); return { repo: `docker.io/${rest.includes('/') ? rest : `library/${rest}`}` }; }
    return { repo: name };
  }
  return { repo: `docker.io/${slash >= 0 ? name : `library/${name}`}` };
}

/** Backwards-compatible helper: the normalized name of an image (no validation). */
export function normalizeImage(image: string): ImageRef {
  const r = parseImage(image);
  if ('error' in r) return { repo: image, tag: 'latest', full: image };
  return r;
}

const looked = new Map<string, ImageInfo>();
/** What the catalog knows of an image (the same object for the same reference: read it, do not change it). */
export function lookupImage(image: string): ImageInfo {
  let info = looked.get(image);
  if (!info) { info = lookupImageUncached(image); if (looked.size < 10_000) looked.set(image, info); }
  return info;
}
function lookupImageUncached(image: string): ImageInfo {
  const p = parseImage(image);
  const ref: ImageRef = 'error' in p ? { repo: image, tag: 'latest', full: image } : p;
  const entry = REPOS[ref.repo];
  const known = !!entry;
  let exists = true;
  let size: number;
  if (entry && !ref.digest) {
    exists = Object.prototype.hasOwnProperty.call(entry.tags, ref.tag);
    size = entry.tags[ref.tag] ?? 0;
  } else if (entry) {
    const sizes = Object.values(entry.tags);
    size = sizes[0] ?? 50_000_000;
  } else {
    size = 20_000_000 + (parseInt(hash(ref.repo).slice(0, 6), 16) % 60_000_000);
  }
  const denied = !entry && !officialLibrary(ref.repo);
  if (denied) exists = false;
  const digest = ref.digest ?? `sha256:${hash(ref.full)}`;
  // A pull takes roughly size / 40 MB/s plus a little jitter, as the message reports it.
  const ms = Math.max(120, Math.round(size / 40_000 + (parseInt(hash(ref.full).slice(8, 12), 16) % 900)));
  return {
    ref, resolved: ref.full, imageID: `${ref.repo}@${digest}`, size, pullTime: goDuration(ms), exists, known, ...(denied ? { denied } : {}),
  };
}

/** `docker.io/library/nginx:1.99: not found` and friends: what containerd says when a pull fails. */
export function pullError(info: ImageInfo): string {
  const r = info.ref.full;
  // the registry answers 401 for a repository that does not exist; containerd's error (code Unknown) reaches
  // the event without its rpc prefix
  if (info.denied) return `failed to pull and unpack image "${r}": failed to resolve reference "${r}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${r}": failed to resolve reference "${r}": ${r}: not found`;
}

/** Go's time.Duration.String() for a whole number of milliseconds. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3600000), m = Math.floor((ms % 3600000) / 60000), s = (ms % 60000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h) return `${h}h${m}m${sec}`;
  if (m) return `${m}m${sec}`;
  return sec;
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
