/** @module The setup check and apply bound to a running sync: after changes, the sync sees the new fields at once. */
import { createHash } from 'node:crypto';
import type { SetupApplyResponse, SetupResponse } from '../../shared/api/setup';
import { createHubspotPropertyCreator } from '../crm/hubspot/create-property';
import type { CrmConnector } from '../crm/types';
import type { SalesforceAdapter, SalesforceAdapterOptions } from '../salesforce/adapter';
import { createSalesforceSetupClient } from '../salesforce/setup-client';
import type { Store } from '../store/index';
import type { SyncEngine } from '../sync/engine';
import { applySetup } from './apply-setup';
import { inspectSetup } from './inspect-setup';

const SETUP_CHECK_KEY = 'setup_check';

export interface SetupService {
  /**
   * The setup checklist. The last answer is kept in the store and returned as it is (no call spent)
   * unless `refresh`, or a cached describe of a mapped object has changed since it was made.
   */
  check(options?: { refresh?: boolean }): Promise<SetupResponse>;
  apply(actions?: string[]): Promise<SetupApplyResponse>;
}

export function createSetupService(deps: {
  salesforce: SalesforceAdapter;
  salesforceOptions: SalesforceAdapterOptions;
  crm: CrmConnector;
  hubspot: { accessToken: string; baseUrl: string };
  engine: SyncEngine;
  store: Store;
}): SetupService {
  const setupDeps = {
    salesforce: deps.salesforce,
    sfSetup: createSalesforceSetupClient(deps.salesforceOptions),
    crm: deps.crm,
    crmSetup: createHubspotPropertyCreator(deps.hubspot),
    mappings: () => deps.engine.mappings(),
  };
  // What the check saw of the org: the cached describes of the mapped objects, as they are now.
  const describesSeen = async () => {
    const bodies: unknown[] = [];
    for (const m of deps.engine.mappings())
      bodies.push((await deps.store.describe(m.sfObject))?.body ?? null);
    return createHash('sha256').update(JSON.stringify(bodies)).digest('hex');
  };
  const inspect = async () => {
    const { response } = await inspectSetup(setupDeps);
    await deps.store.setCursor(SETUP_CHECK_KEY, { describes: await describesSeen(), response });
    return response;
  };
  return {
    async check(options = {}) {
      const kept = await deps.store.cursor(SETUP_CHECK_KEY);
      if (!options.refresh && kept && kept.describes === (await describesSeen())) return kept.response;
      return await inspect();
    },
    async apply(actions) {
      const result = await applySetup(setupDeps, actions);
      if (result.results.some((r) => r.outcome !== 'failed' && r.outcome !== 'skipped')) {
        // The cached describes predate the new fields: drop them, so the next run (and the mapping
        // check) reads the org as it is now, and lift the suspensions a missing field caused.
        await deps.store.clearDescribes();
        for (const m of deps.engine.mappings())
          await deps.engine.clearSuspension(`property-mappings:${m.sfObject}`);
        await deps.engine.validateMappings().catch(() => undefined);
      }
      // The answer's own "after" check is the one kept, against the describes as they are now.
      await deps.store.setCursor(SETUP_CHECK_KEY, {
        describes: await describesSeen(),
        response: result.after,
      });
      return result;
    },
  };
}
