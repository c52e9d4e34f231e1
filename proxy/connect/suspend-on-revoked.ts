/**
 * @module A HubSpot token that stops working (revoked, app deleted) suspends the whole sync with a
 * "reconnect" action, like a refused Salesforce session, instead of failing every record one by one.
 */
import type { CrmConnector } from '../crm/types';
import { CrmApiError } from '../crm/types';
import { SuspendSignal } from '../sync/call-policy';

const refused = (err: unknown) => err instanceof CrmApiError && err.status === 401;

export function suspendOnRevokedToken(crm: CrmConnector): CrmConnector {
  const wrapped = {} as Record<string, unknown>;
  for (const [name, value] of Object.entries(crm)) {
    wrapped[name] =
      typeof value !== 'function'
        ? value
        : (...args: unknown[]) => {
            const result = (value as (...a: unknown[]) => unknown).apply(crm, args);
            // recordUrl and friends answer synchronously: only promises are watched.
            if (!(result instanceof Promise)) return result;
            return result.catch((err: unknown) => {
              if (!refused(err)) throw err;
              throw new SuspendSignal({
                id: 'credentials',
                reason: `HubSpot refused the private app token (${(err as Error).message})`,
                action:
                  'Reconnect HubSpot (paste a valid private app token) in the proxy, then clear this suspension.',
              });
            });
          };
  }
  return wrapped as unknown as CrmConnector;
}
