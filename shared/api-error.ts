/** @module The one error shape on the wire between proxy and extension. */
import { z } from 'zod';

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
  }),
});

/** `{ error: { code, message } }` — every non-2xx answer of the proxy API has this body. */
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** Codes the proxy puts in `error.code`. */
export type ApiErrorCode =
  | 'unauthorized'
  | 'forbidden_host'
  | 'forbidden_origin'
  | 'bad_request'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  | 'upstream'
  | 'internal';

export function apiError(code: ApiErrorCode, message: string): ApiErrorBody {
  return { error: { code, message } };
}
