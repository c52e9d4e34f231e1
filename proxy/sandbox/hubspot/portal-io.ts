/** @module Request parsing and response shaping shared by the portal's routes. */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { CrmObjectType } from '../../crm/types';
import { badRequest, PortalError } from './portal-error';
import type { StoredRecord } from './portal-store';
import { DEFAULT_RETURNED } from './property-definitions';

const TYPE_IDS: Record<string, CrmObjectType> = {
  contacts: 'contacts',
  contact: 'contacts',
  '0-1': 'contacts',
  companies: 'companies',
  company: 'companies',
  '0-2': 'companies',
  deals: 'deals',
  deal: 'deals',
  '0-3': 'deals',
};

export const OBJECT_TYPE_IDS: Record<CrmObjectType, string> = {
  contacts: '0-1',
  companies: '0-2',
  deals: '0-3',
};

/** The object type a path names, by name or by HubSpot's object type id (0-1, 0-2, 0-3). */
export function objectTypeOf(raw: string): CrmObjectType {
  const type = TYPE_IDS[raw.toLowerCase()];
  if (!type) {
    throw badRequest(
      `Unable to infer object type from: ${raw}. This portal serves contacts (0-1), companies (0-2) and deals (0-3).`,
    );
  }
  return type;
}

/** JSON body checked against `schema`; a malformed body is a 400 naming the offending field. */
export async function readBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw badRequest('Invalid input JSON: the request body must be JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      message: `${i.path.join('.') || 'body'}: ${i.message}`,
      code: 'INVALID_INPUT',
    }));
    throw new PortalError(
      400,
      'VALIDATION_ERROR',
      `Invalid input JSON: ${issues.map((i) => i.message).join('; ')}`,
      issues,
    );
  }
  return parsed.data;
}

/** HubSpot's maximum number of inputs to a batch endpoint. */
export const BATCH_LIMIT = 100;

export function checkBatchSize(count: number): void {
  if (count > BATCH_LIMIT) {
    throw badRequest(
      `Batch input has ${count} inputs; the limit is ${BATCH_LIMIT}. Split it into smaller batches.`,
    );
  }
}

/** `?properties=a,b&properties=c` → ['a','b','c'] (HubSpot accepts both forms). */
export function listParam(c: Context, name: string): string[] {
  return (c.req.queries(name) ?? []).flatMap((v) => v.split(',')).filter(Boolean);
}

/** The public record shape: requested properties (null when unset), ISO createdAt/updatedAt. */
export function publicObject(type: CrmObjectType, record: StoredRecord, requested: string[] = []) {
  const names = new Set([
    ...(requested.length ? requested : DEFAULT_RETURNED[type]),
    'hs_object_id',
    'createdate',
  ]);
  names.add(type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate');
  const properties: Record<string, string | null> = {};
  for (const name of [...names].sort()) properties[name] = record.properties[name] ?? null;
  return {
    id: record.id,
    properties,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    archived: false,
  };
}

/** Envelope of a batch response; `errors` turns it into HubSpot's 207 MULTI_STATUS. */
export function batchResponse(
  c: Context,
  at: number,
  results: unknown[],
  errors: unknown[] = [],
  status: 200 | 201 = 200,
) {
  const iso = new Date(at).toISOString();
  const body = {
    status: 'COMPLETE',
    results,
    ...(errors.length ? { errors, numErrors: errors.length } : {}),
    startedAt: iso,
    completedAt: iso,
  };
  return c.json(body, errors.length ? 207 : status);
}
