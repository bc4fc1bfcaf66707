// A strategy is what one kind adds to the generic store: defaults, validation, status handling.
// Adding a kind means writing one of these (and a printer; and a controller if it acts).
import type { KObject } from '../types';
import type { FieldError } from '../errors';
import type { APIServer } from '../server';

export interface Strategy {
  /** Defaulting and admission on create (the object is already named and namespaced). */
  prepareForCreate?(obj: KObject, api: APIServer): void;
  /** On update: carry over what the user may not change through this endpoint. */
  prepareForUpdate?(obj: KObject, old: KObject, api: APIServer): void;
  validate?(obj: KObject, api: APIServer): FieldError[];
  validateUpdate?(obj: KObject, old: KObject, api: APIServer): FieldError[];
  /** An update through the status subresource (custom resources validate the whole object then). */
  validateStatusUpdate?(obj: KObject, old: KObject, api: APIServer): FieldError[];
  /** metadata.generation is 1 on create and grows on every spec change. */
  tracksGeneration?: boolean;
  /** Name validation: 'subdomain' (default), 'label' (DNS-1123 label), 'path' (any path segment). */
  nameRule?: 'subdomain' | 'label' | 'label1035' | 'path';
  /** Extra field-selector values, besides metadata.name/namespace. */
  fields?(obj: KObject): Record<string, string>;
  /** Runs after a successful create, in the same transaction (e.g. a namespace's default objects). */
  afterCreate?(obj: KObject, api: APIServer): void;
  /** Graceful deletion: seconds to wait, or undefined to delete at once. */
  gracePeriod?(obj: KObject, requested: number | undefined): number | undefined;
  /** Deletion that must wait for a controller (a namespace empties first): mark it and keep it. */
  beginDeletion?(obj: KObject, api: APIServer): boolean;
  /** How a read presents the stored object (values computed from the clock, e.g. heartbeats). */
  present?(obj: KObject, api: APIServer): KObject;
  /** Called when an object is finally removed (free allocations and such). */
  afterDelete?(obj: KObject, api: APIServer): void;
}
