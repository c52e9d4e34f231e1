/** @module Salesforce wire formats shared by the routes: datetimes, record URLs, JSON responses and errors. */

/** `2026-11-28T15:47:23.000+0000`, the form the REST API returns datetimes in. */
export function sfDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** One entry of a save error: `statusCode` inside collection results, `errorCode` on single calls. */
export interface SaveError {
  statusCode: string;
  message: string;
  fields: string[];
  duplicateResult?: unknown;
}

/** A request-level failure: Salesforce answers with an array of `{ message, errorCode, fields }`. */
export class SfError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SfError';
  }

  body(): unknown[] {
    const entry: Record<string, unknown> = {
      ...this.extra,
      errorCode: this.errorCode,
      message: this.message,
    };
    if (this.fields) entry.fields = this.fields;
    return [entry];
  }
}

/** The single-call body for save errors: several errors are several array elements. */
export function singleCallErrors(errors: SaveError[]): unknown[] {
  return errors.map(({ statusCode, message, fields, duplicateResult }) =>
    duplicateResult
      ? { duplicateResult, errorCode: statusCode, message }
      : { errorCode: statusCode, message, fields },
  );
}

// jsforce only JSON-parses bodies whose content type starts with application/json.
export const JSON_TYPE = 'application/json;charset=UTF-8';

export function sfJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, ...headers } });
}

/** What the org answers when a handler throws: the SfError's own body, else an opaque 500 like Salesforce's. */
export function sfErrorResponse(err: Error): Response {
  if (err instanceof SfError) return sfJson(err.body(), err.status);
  // Mirrors Salesforce's opaque 500s, with our message so a sandbox bug is visible.
  return sfJson([{ errorCode: 'UNKNOWN_EXCEPTION', message: `Sandbox internal error: ${err.message}` }], 500);
}
