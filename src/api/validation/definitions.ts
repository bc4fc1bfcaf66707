// The OpenAPI definitions kctl ships (schemas/definitions.json, derived from the official v1.33 spec by
// scripts/gen-schemas.mjs). Read from disk on first use only: reads never pay for them.
import fs from 'node:fs';
import path from 'node:path';

export interface OSchema {
  $ref?: string;               // a bare definition name
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, OSchema>;
  additionalProperties?: OSchema | boolean;
  items?: OSchema;
  required?: string[];
  enum?: unknown[];
  [k: string]: unknown;
}

let defs: Record<string, OSchema> | undefined;

/** dist/kctl.js → <root>/schemas (and, run from source by a tool, src/... → <root>/schemas). */
export function schemasDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 4; i++) {
    const p = path.join(dir, 'schemas');
    if (fs.existsSync(path.join(p, 'definitions.json'))) return p;
    dir = path.dirname(dir);
  }
  return path.join(__dirname, '..', 'schemas');
}

export function definitions(): Record<string, OSchema> {
  defs ??= JSON.parse(fs.readFileSync(path.join(schemasDir(), 'definitions.json'), 'utf8')) as Record<string, OSchema>;
  return defs;
}

/** `io.k8s.api.core.v1.PodSpec` → `PodSpec`. */
export const shortName = (def: string) => def.slice(def.lastIndexOf('.') + 1);
/** `io.k8s.api.core.v1.PodSpec` → `v1.PodSpec` (how Go's reflect names the type). */
export function goName(def: string): string {
  const parts = def.split('.');
  return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
}
