/** @module Batch writes in chunks of 100 with one result per input, isolating the inputs HubSpot rejects. */
import { CrmApiError, type CrmObjectType, type CrmUpsertInput, type CrmWriteResult } from '../types';

/** HubSpot's largest batch. */
export const BATCH_MAX = 100;

export type WriteKind = 'create' | 'update' | 'upsert';

/** One input as sent: `traceId` is its index in the caller's array, echoed back by HubSpot. */
export interface TracedInput {
  traceId: string;
  input: CrmUpsertInput;
}

/** What one batch call returned, per trace id; ids the portal did not find come back as `missing`. */
export interface BatchOutcome {
  written: { traceId?: string; id: string; created: boolean; idValue?: string }[];
  missing: string[];
}

export type SendBatch = (
  type: CrmObjectType,
  kind: WriteKind,
  inputs: TracedInput[],
) => Promise<BatchOutcome>;

const kindOf = (input: CrmUpsertInput): WriteKind =>
  input.id ? 'update' : input.idProperty ? 'upsert' : 'create';

function failure(error: CrmApiError): CrmWriteResult {
  const detail = error.errors[0];
  return {
    ok: false,
    code: detail?.code ?? error.category,
    message: detail?.message ?? error.message,
    property: detail?.context?.propertyName?.[0],
  };
}

// HubSpot rejects a whole batch when one input is invalid (400) or collides with a unique value
// (409); halving the batch finds the culprits in about log2(100) extra calls instead of 100.
const isPerInput = (error: unknown): error is CrmApiError =>
  error instanceof CrmApiError && (error.status === 400 || error.status === 409);

/**
 * Writes `inputs` (update by id, upsert by a unique property, or create) and returns one result
 * per input in order. Whole-call failures (auth, rate limit exhausted, 5xx) throw.
 */
export async function batchUpsert(
  send: SendBatch,
  type: CrmObjectType,
  inputs: CrmUpsertInput[],
): Promise<CrmWriteResult[]> {
  const results: CrmWriteResult[] = new Array(inputs.length);
  const traced = inputs.map((input, i) => ({ traceId: String(i), input }));
  for (const kind of ['update', 'upsert', 'create'] as const) {
    const group = traced.filter((t) => kindOf(t.input) === kind);
    for (let i = 0; i < group.length; i += BATCH_MAX) {
      await writeChunk(group.slice(i, i + BATCH_MAX), kind);
    }
  }
  return results;

  async function writeChunk(chunk: TracedInput[], kind: WriteKind): Promise<void> {
    try {
      const outcome = await send(type, kind, chunk);
      place(chunk, outcome);
    } catch (error) {
      if (!isPerInput(error)) throw error;
      if (chunk.length === 1) {
        results[Number(chunk[0].traceId)] = failure(error);
        return;
      }
      const half = Math.ceil(chunk.length / 2);
      await writeChunk(chunk.slice(0, half), kind);
      await writeChunk(chunk.slice(half), kind);
    }
  }

  function place(chunk: TracedInput[], outcome: BatchOutcome): void {
    for (const [n, w] of outcome.written.entries()) {
      // Match by echoed trace id; else by id or unique value; else by position (creates).
      const t =
        chunk.find((c) => c.traceId === w.traceId) ??
        chunk.find(
          (c) => (c.input.id && c.input.id === w.id) || (c.input.idValue && c.input.idValue === w.idValue),
        ) ??
        chunk[n];
      results[Number(t.traceId)] = { ok: true, id: w.id, created: w.created };
    }
    for (const t of chunk) {
      if (t.input.id && outcome.missing.includes(t.input.id)) {
        results[Number(t.traceId)] = {
          ok: false,
          code: 'OBJECT_NOT_FOUND',
          message: `${type} ${t.input.id} does not exist in HubSpot (deleted or never created)`,
        };
      }
      if (!results[Number(t.traceId)]) {
        results[Number(t.traceId)] = {
          ok: false,
          code: 'UNKNOWN',
          message: 'HubSpot returned no result for this input',
        };
      }
    }
  }
}
