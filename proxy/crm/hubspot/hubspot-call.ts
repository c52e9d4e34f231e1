/** @module One HubSpot call: metered, retried on 429/5xx/network failures, failures turned into CrmApiError. */
import pRetry from 'p-retry';
import { CrmApiError } from '../types';

export interface RequestInfo {
  method: string;
  path: string;
  status: number;
}

export interface CallOptions {
  sleep: (ms: number) => Promise<void>;
  onRequest?: (info: RequestInfo) => void;
}

/** What the official client's `*WithHttpInfo` methods resolve to. */
interface HttpInfo<T> {
  httpStatusCode: number;
  data: T;
}

/** The official client's ApiException, and our own for hand-made requests: an HTTP code, a body, headers. */
interface HttpFailure {
  code: number;
  body?: unknown;
  headers?: Record<string, string>;
}

// 429s on the burst limits do not use up retries (the work must not be dropped); this cap only
// stops a portal that answers 429 forever from hanging the sync.
const MAX_RATE_LIMITED = 50;
const MAX_FAILURES = 4;

const isHttpFailure = (e: unknown): e is HttpFailure =>
  typeof e === 'object' && e !== null && typeof (e as HttpFailure).code === 'number';

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  return key ? headers?.[key] : undefined;
}

/** HubSpot's error body → CrmApiError keeping category, sub-category and every `errors[]` code. */
export function toCrmApiError(failure: unknown, what: string): CrmApiError {
  if (failure instanceof CrmApiError) return failure;
  if (!isHttpFailure(failure)) {
    const message = failure instanceof Error ? failure.message : String(failure);
    return new CrmApiError(
      `${what}: HubSpot could not be reached (${message})`,
      0,
      'NETWORK_ERROR',
      undefined,
      [],
      {
        cause: failure,
      },
    );
  }
  const body = (typeof failure.body === 'object' && failure.body !== null ? failure.body : {}) as {
    message?: string;
    category?: string;
    subCategory?: string;
    policyName?: string;
    errors?: { message: string; code?: string; context?: Record<string, string[]> }[];
  };
  const message = body.message ?? (typeof failure.body === 'string' ? failure.body : `HTTP ${failure.code}`);
  const errors = (body.errors ?? []).map((e) => ({ message: e.message, code: e.code, context: e.context }));
  return new CrmApiError(
    `${what}: ${message}`,
    failure.code,
    body.category ?? (failure.code === 429 ? 'RATE_LIMITS' : 'UNKNOWN'),
    body.subCategory ?? body.policyName,
    errors,
    { cause: failure },
  );
}

/** The delay HubSpot asks for (Retry-After seconds), else exponential from 1 s. */
function retryDelay(error: unknown, attempt: number): number {
  const seconds = Number(header(isHttpFailure(error) ? error.headers : undefined, 'retry-after'));
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  return Math.min(30_000, 1000 * 2 ** (attempt - 1));
}

const isBurstLimit = (e: unknown) =>
  isHttpFailure(e) &&
  e.code === 429 &&
  !/DAILY/i.test(String((e.body as { policyName?: string })?.policyName));
const isTransient = (e: unknown) => !isHttpFailure(e) || e.code >= 500;

/**
 * Runs `send` until it succeeds or fails for good. A burst 429 waits Retry-After and retries
 * without consuming a retry; 5xx and network failures retry a few times; the daily 429 and
 * every 4xx throw at once, so the sync can suspend or record the error.
 */
export function createHubspotCall(options: CallOptions) {
  return async function call<T>(method: string, path: string, send: () => Promise<HttpInfo<T>>): Promise<T> {
    let limited = 0;
    const attempt = async () => {
      try {
        const info = await send();
        options.onRequest?.({ method, path, status: info.httpStatusCode });
        return info.data;
      } catch (error) {
        options.onRequest?.({ method, path, status: isHttpFailure(error) ? error.code : 0 });
        throw error instanceof Error ? error : Object.assign(new Error('HubSpot request failed'), error);
      }
    };
    try {
      return await pRetry(attempt, {
        retries: MAX_FAILURES,
        minTimeout: 0,
        maxTimeout: 0,
        randomize: false,
        // p-retry's own timers are zeroed: the wait happens here, through the injectable sleep,
        // and only when another attempt follows.
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          const free = isBurstLimit(error) && ++limited < MAX_RATE_LIMITED;
          const retriable = isBurstLimit(error) || isTransient(error);
          if (retriable && (free || retriesLeft > 0)) await options.sleep(retryDelay(error, attemptNumber));
        },
        shouldConsumeRetry: ({ error }) => !(isBurstLimit(error) && limited < MAX_RATE_LIMITED),
        shouldRetry: ({ error }) => isBurstLimit(error) || isTransient(error),
      });
    } catch (error) {
      throw toCrmApiError(error, `${method} ${path}`);
    }
  };
}

export type HubspotCall = ReturnType<typeof createHubspotCall>;
