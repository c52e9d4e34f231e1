/**
 * @module What a queued item carries, per direction: one tagged union, decoded with zod once when the store
 * hands items out (`peek`), so the sync reads typed payloads and never casts. The stored JSON is the payload
 * without its tag (as written by every version so far); the tag is the shape's name, added on read.
 */
import { z } from 'zod';
import type { Direction } from './types';

const props = z.record(z.string(), z.string().nullable());
const sfParent = z.object({ id: z.string(), name: z.string().nullable() });

/** The record changed but its values are read again when it is sent (resync, retry, parent synced…). */
const refetch = z.object({ refetch: z.literal(true), reason: z.string().optional() });
/** A CRM change to push to Salesforce, with the values read when it was seen. */
const push = z.object({ props, companyId: z.string().nullable(), reason: z.string().optional() });
/** A Salesforce record to create in the CRM, with its parent Account when it has one. */
const create = z.object({ props, account: sfParent.nullable().optional() });
/** A Salesforce record already in the CRM whose company association is to be made. */
const associate = z.object({ associate: z.object({ crmId: z.string(), account: sfParent }) });
/** The Salesforce id to write into the CRM record's `salesforce_id` property. */
const writeBack = z.object({ sfId: z.string() });

const tagged = <K extends string, S extends z.ZodObject>(kind: K, schema: S) =>
  schema.transform((p) => ({ kind, ...(p as z.infer<S>) }));

// Order matters where shapes overlap: a refetch marker first, then the richer shapes.
const DECODERS = {
  'to-sf': z.union([tagged('refetch', refetch), tagged('push', push)]),
  'to-crm': z.union([tagged('refetch', refetch), tagged('associate', associate), tagged('create', create)]),
  'sf-id-to-crm': tagged('write-back', writeBack),
} satisfies Record<Direction, z.ZodType>;

export type SfParent = z.infer<typeof sfParent>;
export type PushPayload = z.infer<typeof refetch> | z.infer<typeof push>;
export type CreatePayload = z.infer<typeof refetch> | z.infer<typeof create>;
export type AssociatePayload = z.infer<typeof associate>;
export type WriteBackPayload = z.infer<typeof writeBack>;

/** What `enqueue` takes for each direction (untagged: the shape says which it is). */
export interface QueuePayloadInput {
  'to-sf': PushPayload;
  'to-crm': CreatePayload | AssociatePayload;
  'sf-id-to-crm': WriteBackPayload;
}

/** What `peek` hands out for each direction: the payload with its `kind`. */
export type QueuePayload<D extends Direction> = z.output<(typeof DECODERS)[D]>;

/**
 * The stored text as its direction's payload, or the reason it is not one (not JSON, or no known shape):
 * the store turns that into a recorded error instead of handing the sync something it would crash on.
 */
export function decodePayload<D extends Direction>(
  direction: D,
  text: string,
): { ok: true; payload: QueuePayload<D> } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'it is not readable JSON' };
  }
  const parsed = DECODERS[direction].safeParse(value);
  if (parsed.success) return { ok: true, payload: parsed.data as QueuePayload<D> };
  return { ok: false, reason: `it has none of the shapes a ${direction} change has` };
}
