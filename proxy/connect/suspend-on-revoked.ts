/**
 * @module A HubSpot token that stops working (revoked, app deleted) suspends the whole sync with a
 * "reconnect" action, like a refused Salesforce session, instead of failing every record one by one.
 */
import type { CrmConnector } from '../crm/types';
import { crmSuspensionOf } from '../sync/outage';

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
            // The same suspension (and words) as the engine's own: one place says how to reconnect.
            return result.catch((err: unknown) => {
              throw crmSuspensionOf(err) ?? err;
            });
          };
  }
  return wrapped as unknown as CrmConnector;
}
