/** @module A failure that maps to one `{ error: { code, message } }` answer. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiErrorCode } from '../../shared/api-error';

export class ApiHttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiHttpError';
  }
}

export const badRequest = (message: string) => new ApiHttpError(400, 'bad_request', message);
export const notFound = (message: string) => new ApiHttpError(404, 'not_found', message);
