// kustomize's errors: plain messages, wrapped with prefixes as kyaml's errors.WrapPrefixf does
// ("prefix: cause"); the CLI prints them as kubectl does, `error: <message>`.
export class KError extends Error {}

/** kyaml errors.WrapPrefixf: "<prefix>: <cause>". */
export function wrap(e: unknown, prefix: string): KError {
  return new KError(`${prefix}: ${messageOf(e)}`);
}
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A YAML syntax error (kio reports these as MalformedYAMLError). */
export class YAMLSyntaxError extends KError {}
