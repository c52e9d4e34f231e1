/** @module One error shape for everything jsforce throws or returns (errorCode vs statusCode, no HTTP status). */

export interface SalesforceErrorItem {
  code: string;
  message: string;
  fields: string[];
  /** Present on DUPLICATES_DETECTED single-record errors: the matching records. */
  duplicateResult?: unknown;
}

/** A failed Salesforce call, normalised; `status` is the HTTP status the transport saw, when any. */
export class SalesforceApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | null,
    readonly items: SalesforceErrorItem[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SalesforceApiError';
  }
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** Collection results put `statusCode` on each error, single calls `errorCode`: read both. */
export function normalizeItem(e: Record<string, unknown>): SalesforceErrorItem {
  return {
    code: String(e.statusCode ?? e.errorCode ?? 'UNKNOWN'),
    message: String(e.message ?? ''),
    fields: Array.isArray(e.fields) ? e.fields.map(String) : [],
    ...(e.duplicateResult ? { duplicateResult: e.duplicateResult } : {}),
  };
}

/** Turns anything jsforce threw into a SalesforceApiError. */
export function normalizeThrown(err: unknown, status: number | null): SalesforceApiError {
  if (err instanceof SalesforceApiError) return err;
  const e = (err ?? {}) as Record<string, unknown>;
  const message = String(e.message ?? err);
  const data = e.data;
  const items = Array.isArray(data)
    ? data.map((d) => normalizeItem(d as Record<string, unknown>))
    : data && typeof data === 'object'
      ? [normalizeItem(data as Record<string, unknown>)]
      : [];
  let code = String(e.errorCode ?? e.name ?? 'UNKNOWN');
  if (code === 'MULTIPLE_API_ERRORS' && items[0]) code = items[0].code;
  // jsforce's "HTTP response contains html content" carries no code: an HTML error page (CDN 503).
  if (/html content/i.test(message))
    code = status && status >= 500 ? 'SERVER_UNAVAILABLE' : `ERROR_HTTP_${status ?? 0}`;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) code = e.code;
  // OAuth refresh failures: Error(name=error, message=error_description).
  if (code === 'invalid_grant') code = 'INVALID_GRANT';
  if (code === 'Error' && status) code = `ERROR_HTTP_${status}`;
  return new SalesforceApiError(
    code,
    message,
    status,
    items.length ? items : [{ code, message, fields: [] }],
    {
      cause: err,
    },
  );
}
