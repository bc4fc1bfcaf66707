// Errors as the API server writes them: a metav1.Status body with the HTTP code, as kubectl and client
// libraries decode it (kubectl prints `Error from server (Reason): message` from these fields).
import { StatusError, CliError } from '../api/errors';

export interface Status {
  kind: 'Status'; apiVersion: 'v1'; metadata: Record<string, unknown>;
  status: 'Failure' | 'Success'; message?: string; reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: { reason?: string; message: string; field?: string }[]; retryAfterSeconds?: number };
  code: number;
}

export function statusBody(code: number, reason: string, message: string, details?: Status['details']): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details && Object.keys(details).length) s.details = details;
  return s;
}

/** Any error from a handler, as a Status: API errors keep their code and reason; the rest are 500s or 400s. */
export function toStatus(e: unknown, resource?: { group: string; plural: string }): Status {
  if (e instanceof StatusError) {
    const details: NonNullable<Status['details']> = {};
    if (e.details?.name !== undefined) details.name = e.details.name;
    if (e.reason === 'Invalid') {
      if (e.details?.group !== undefined) details.group = e.details.group;
      if (e.details?.kind) details.kind = e.details.kind;
      if (e.details?.causes) details.causes = e.details.causes.map(c => ({ reason: invalidReason(c.message), message: c.message.replace(/^[^:]+: /, ''), field: c.field }));
    } else if (resource && ['NotFound', 'AlreadyExists', 'Conflict', 'Forbidden'].includes(e.reason)) {
      if (resource.group) details.group = resource.group;
      details.kind = resource.plural;
    }
    if (e.code === 429) details.retryAfterSeconds = 10;
    return statusBody(e.code, e.reason, e.message, details);
  }
  if (e instanceof CliError) return statusBody(400, 'BadRequest', e.message);
  const msg = e instanceof Error ? e.message : String(e);
  return statusBody(500, 'InternalError', `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
}

function invalidReason(text: string): string {
  if (/: Required value/.test(text)) return 'FieldValueRequired';
  if (/: Unsupported value/.test(text)) return 'FieldValueNotSupported';
  if (/: Duplicate value/.test(text)) return 'FieldValueDuplicate';
  if (/: Forbidden/.test(text)) return 'FieldValueForbidden';
  if (/: Too long/.test(text)) return 'FieldValueTooLong';
  if (/: Not found/.test(text)) return 'FieldValueNotFound';
  return 'FieldValueInvalid';
}
