/** @module Default associations in batches, with one result per pair even when HubSpot refuses some of them. */
import { CrmApiError, type CrmAssociateResult, type CrmAssociationPair } from '../types';
import { BATCH_MAX } from './batch-upsert';

/** What one batch/associate/default call gave back: the pairs made, and HubSpot's per-pair errors (207). */
export interface AssociateOutcome {
  made: CrmAssociationPair[];
  errors: {
    category: string;
    message: string;
    context?: Record<string, string[]>;
    errors?: { code?: string; message: string }[];
  }[];
}

export type SendAssociate = (pairs: CrmAssociationPair[]) => Promise<AssociateOutcome>;

const key = (p: CrmAssociationPair) => `${p.fromId}|${p.toId}`;

/** The pairs an error of a 207 names: its context carries the ids (fromObjectId/toObjectId, or ids). */
function pairsNamed(error: AssociateOutcome['errors'][number], chunk: CrmAssociationPair[]) {
  const from = new Set(error.context?.fromObjectId ?? []);
  const to = new Set(error.context?.toObjectId ?? []);
  const ids = new Set(error.context?.ids ?? []);
  return chunk.filter(
    (p) =>
      (from.size && from.has(p.fromId) && (!to.size || to.has(p.toId))) ||
      (!from.size && to.size && to.has(p.toId)) ||
      ids.has(p.fromId) ||
      ids.has(p.toId),
  );
}

const refusal = (category: string, message: string, code?: string): CrmAssociateResult => ({
  ok: false,
  code: code ?? category,
  category,
  message,
});

/**
 * Associates every pair, 100 a call. A 207 names the refused pairs in `errors`; a 400 for the whole
 * chunk (one bad input spoils the call) is split in halves until the culprit stands alone, as
 * batch writes do. Auth, rate-limit and server failures throw.
 */
export async function batchAssociate(
  send: SendAssociate,
  pairs: CrmAssociationPair[],
): Promise<CrmAssociateResult[]> {
  const results = new Map<string, CrmAssociateResult>();
  const unique = [...new Map(pairs.map((p) => [key(p), p])).values()];
  for (let i = 0; i < unique.length; i += BATCH_MAX) await sendChunk(unique.slice(i, i + BATCH_MAX));
  return pairs.map(
    (p) =>
      results.get(key(p)) ??
      refusal('UNKNOWN', `HubSpot returned no result for the association ${p.fromId} → ${p.toId}`),
  );

  async function sendChunk(chunk: CrmAssociationPair[]): Promise<void> {
    let outcome: AssociateOutcome;
    try {
      outcome = await send(chunk);
    } catch (error) {
      if (!(error instanceof CrmApiError) || error.status !== 400) throw error;
      if (chunk.length > 1) {
        const half = Math.ceil(chunk.length / 2);
        await sendChunk(chunk.slice(0, half));
        await sendChunk(chunk.slice(half));
        return;
      }
      const detail = error.errors[0];
      results.set(key(chunk[0]), refusal(error.category, detail?.message ?? error.message, detail?.code));
      return;
    }
    for (const p of outcome.made) results.set(key(p), { ok: true });
    for (const e of outcome.errors) {
      const detail = e.errors?.[0];
      for (const p of pairsNamed(e, chunk))
        results.set(key(p), refusal(e.category, detail?.message ?? e.message, detail?.code));
    }
  }
}
