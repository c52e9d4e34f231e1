/** @module How the engine reacts to a failed Salesforce call: retry (transient), pause (budget) or suspend (org). */
import pRetry from 'p-retry';
import { BudgetExceededError } from '../salesforce/api-meter';
import { SalesforceApiError } from '../salesforce/normalize-error';
import { classifyError } from './classify';

export type SuspensionId =
  | 'org-limit'
  | 'api-disabled'
  | 'credentials'
  | 'inclusion-list'
  | `object-permission:${string}`
  | `property-mappings:${string}`;

export interface Suspension {
  id: SuspensionId;
  reason: string;
  action: string;
  since: number;
  /** When the engine tries again by itself (org limit); null means only the user or a fix clears it. */
  retryAt: number | null;
}

/** Raised inside a run to stop it: the whole sync cannot go on. */
export class SuspendSignal extends Error {
  constructor(readonly suspension: Omit<Suspension, 'since' | 'retryAt'> & { retryInMs?: number }) {
    super(suspension.reason);
    this.name = 'SuspendSignal';
  }
}

const CREDENTIAL_CODES = new Set([
  'INVALID_SESSION_ID',
  'INVALID_GRANT',
  'INVALID_AUTH_HEADER',
  'ERROR_HTTP_401',
]);

/** The org-level failure this error reveals, or null when it concerns this call or record only. */
export function suspensionFor(err: SalesforceApiError, object: string): SuspendSignal | null {
  if (err.code === 'REQUEST_LIMIT_EXCEEDED' && !/concurrent/i.test(err.message)) {
    return new SuspendSignal({
      id: 'org-limit',
      reason: `The org's daily API limit is used up by all integrations together (${err.message})`,
      action:
        'Wait for the rolling 24-hour window to free calls, or ask Salesforce for a higher limit. The sync resumes by itself.',
      retryInMs: 15 * 60_000,
    });
  }
  if (err.code === 'API_DISABLED_FOR_ORG' || err.code === 'API_CURRENTLY_DISABLED') {
    return new SuspendSignal({
      id: 'api-disabled',
      reason: `API access is disabled for this org or user (${err.message})`,
      action:
        'Enable "API Enabled" on the integration user\'s profile or permission set, then clear this suspension.',
      retryInMs: 60 * 60_000,
    });
  }
  if (CREDENTIAL_CODES.has(err.code) || err.status === 401) {
    return new SuspendSignal({
      id: 'credentials',
      reason: `Salesforce refused the sync's credentials and they could not be refreshed (${err.message})`,
      action: 'Reconnect Salesforce (sign in again) in the proxy, then clear this suspension.',
    });
  }
  if (
    (err.code === 'INSUFFICIENT_ACCESS_OR_READONLY' ||
      err.code === 'INVALID_TYPE' ||
      err.code === 'NOT_FOUND') &&
    err.items.length <= 1
  ) {
    return new SuspendSignal({
      id: `object-permission:${object}`,
      reason: `The integration user cannot access ${object} (${err.code}: ${err.message})`,
      action: `Give the integration user Read, Create and Edit on ${object}, then clear this suspension.`,
    });
  }
  return null;
}

export interface RetryOptions {
  retries: number;
  minTimeoutMs: number;
}

/**
 * Runs one Salesforce call, retrying transient failures with exponential back-off. Budget and
 * org-level failures are never retried here: they pause or suspend the whole sync.
 */
export async function callWithRetry<T>(
  fn: () => Promise<T>,
  object: string,
  opts: RetryOptions,
  onRetry?: () => void,
): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await fn();
      } catch (err) {
        if (err instanceof SalesforceApiError) {
          const suspend = suspensionFor(err, object);
          if (suspend) throw suspend;
        }
        throw err;
      }
    },
    {
      retries: opts.retries,
      minTimeout: opts.minTimeoutMs,
      factor: 2,
      randomize: true,
      shouldRetry: ({ error }) => {
        if (error instanceof BudgetExceededError || error instanceof SuspendSignal) return false;
        if (!(error instanceof SalesforceApiError)) return false;
        const c = classifyError({
          source: 'salesforce',
          code: error.code,
          message: error.message,
          statusCode: error.status ?? undefined,
        });
        // Network failures and 5xx pages carry no Salesforce code: retry them as transient too.
        const retry =
          c.transient ||
          (error.status !== null && error.status >= 500) ||
          /^E[A-Z]+$/.test(error.code) ||
          /^ERROR_HTTP_5/.test(error.code);
        if (retry) onRetry?.();
        return retry;
      },
    },
  );
}
