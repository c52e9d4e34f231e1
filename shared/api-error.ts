/** @module The one error shape on the wire between proxy and extension. */

/** `{ error: { code, message } }` — every non-2xx answer of the proxy API has this body. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** Codes the proxy puts in `error.code`. */
export type ApiErrorCode =
  | 'unauthorized'
  | 'forbidden_host'
  | 'forbidden_origin'
  | 'forbidden_role'
  | 'bad_request'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'uri_too_long'
  | 'headers_too_large'
  | 'unavailable'
  | 'upstream'
  | 'internal';

export function apiError(code: ApiErrorCode, message: string): ApiErrorBody {
  return { error: { code, message } };
}

/**
 * Reads an answer body as the proxy's error shape, or null. Checked by hand rather than with zod: this
 * runs in the side panel, whose bundle should not carry a schema library for two string fields.
 */
export function parseApiError(body: unknown): ApiErrorBody['error'] | null {
  const error = (body as { error?: unknown } | null)?.error as
    | { code?: unknown; message?: unknown }
    | undefined;
  return error && typeof error.code === 'string' && typeof error.message === 'string'
    ? { code: error.code, message: error.message }
    : null;
}
