// Errors as the API server returns them (a Status), and the client-side errors kubectl prints.
import { storageFailure, storageError } from './storage-errors';
export interface StatusCause { field?: string; message: string; reason?: string }
export class StatusError extends Error {
  constructor(
    public code: number,
    public reason: string,
    message: string,
    public details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] },
  ) { super(message); }
}
/** A plain client-side error: kubectl prints `error: <message>`. */
export class CliError extends Error {
  /** raw: print the message as it is, without the `error: ` prefix. */
  constructor(message: string, public exitCode = 1, public raw = false) { super(message); }
  /** An error met while visiting the documents of -f (parsing, decoding, mapping one of them), not in
   *  setting up the builder: `get` and `describe` aggregate those, and print them without `error: `. */
  visit?: boolean;
}
export const notFound = (gr: string, name: string) => new StatusError(404, 'NotFound', `${gr} "${name}" not found`, { name });
export const alreadyExists = (gr: string, name: string) => new StatusError(409, 'AlreadyExists', `${gr} "${name}" already exists`, { name });
export const conflict = (gr: string, name: string) => new StatusError(409, 'Conflict',
  `Operation cannot be fulfilled on ${gr} "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name });
export const badRequest = (msg: string) => new StatusError(400, 'BadRequest', msg);
export const forbidden = (gr: string, name: string, why: string) => new StatusError(403, 'Forbidden', `${gr} "${name}" is forbidden: ${why}`, { name });

/** One field error as apimachinery's field.Error prints it. */
export interface FieldError { field: string; type: string; value?: unknown; detail?: string; omitValue?: boolean; /** the value already rendered (Go's %#v of a struct) */ valueText?: string }

/** Go's %q-ish / %#v-ish value rendering used in field errors. */
export function renderValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.every(([, x]) => typeof x === 'string'))
      return `map[string]string{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(', ')}}`;
  }
  if (Array.isArray(v) && v.every(x => typeof x === 'string')) return `[]string{${v.map(x => JSON.stringify(x)).join(', ')}}`;
  return JSON.stringify(v);
}
export function fieldErrorText(e: FieldError): string {
  switch (e.type) {
    case 'Required': return `${e.field}: Required value${e.detail ? `: ${e.detail}` : ''}`;
    case 'Forbidden': return `${e.field}: Forbidden${e.detail ? `: ${e.detail}` : ''}`;
    case 'TooLong': return `${e.field}: Too long: ${e.detail}`;
    case 'TooMany': return `${e.field}: Too many: ${e.value !== undefined ? `${renderValue(e.value)}: ` : ''}${e.detail}`;
    case 'NotSupported': return `${e.field}: Unsupported value: ${renderValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
    case 'Duplicate': return `${e.field}: Duplicate value: ${renderValue(e.value)}`;
    case 'NotFound': return `${e.field}: Not found: ${renderValue(e.value)}`;
    case 'Internal': return `${e.field}: Internal error: ${e.detail}`;
    default: return `${e.field}: Invalid value: ${e.omitValue ? '' : (e.valueText ?? renderValue(e.value)) + ': '}${e.detail ?? ''}`.replace(/: $/, '');
  }
}
export function invalid(kind: string, group: string, name: string, errs: FieldError[]): StatusError {
  const texts = [...new Set(errs.map(fieldErrorText))];
  const gk = group ? `${kind}.${group}` : kind;
  const err = new StatusError(422, 'Invalid', `${gk} "${name}" is invalid: ${texts.join(', ')}`,
    { name, group, kind, causes: texts.map((t, i) => ({ field: errs[i]?.field, message: t })) });
  return err;
}
/** How kubectl prints any error (cmdutil.CheckErr). */
export function formatError(e: unknown): string {
  // a storage failure a verb caught along the way (the session maps those that end a step, naming the file)
  if (!(e instanceof StatusError) && !(e instanceof CliError) && storageFailure(e)) return formatError(storageError(e));
  if (e instanceof StatusError) {
    if (e.reason === 'Invalid' && e.details?.causes?.length) {
      const causes = [...new Set(e.details.causes.map(c => c.message))];
      if (causes.length === 1) return `The ${e.details.kind} "${e.details.name}" is invalid: ${causes[0]}`;
      return `The ${e.details.kind} "${e.details.name}" is invalid: \n${causes.map(c => `* ${c}`).join('\n')}`;
    }
    if (e.reason === 'Invalid') return e.message ? `The request is invalid: ${e.message}` : 'The request is invalid';
    return e.reason ? `Error from server (${e.reason}): ${e.message}` : `Error from server: ${e.message}`;
  }
  if (e instanceof CliError && e.raw) return e.message;
  if (e instanceof CliError) return e.message.startsWith('error: ') || e.message.startsWith('Error') || e.message.startsWith('The ') ? e.message : `error: ${e.message}`;
  if (e instanceof Error) return `error: ${e.message}`;
  return `error: ${String(e)}`;
}
