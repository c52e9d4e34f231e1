/** @module The setup check and apply bound to a running sync: after changes, the sync sees the new fields at once. */
import type { SetupApplyResponse, SetupResponse } from '../../shared/api/setup';
import { createHubspotPropertyCreator } from '../crm/hubspot/create-property';
import type { CrmConnector } from '../crm/types';
import type { SalesforceAdapter, SalesforceAdapterOptions } from '../salesforce/adapter';
import { createSalesforceSetupClient } from '../salesforce/setup-client';
import type { Store } from '../store/index';
import type { SyncEngine } from '../sync/engine';
import { applySetup } from './apply-setup';
import { inspectSetup } from './inspect-setup';

export interface SetupService {
  check(): Promise<SetupResponse>;
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
  return {
    check: async () => (await inspectSetup(setupDeps)).response,
    async apply(actions) {
      const result = await applySetup(setupDeps, actions);
      if (result.results.some((r) => r.outcome !== 'failed' && r.outcome !== 'skipped')) {
        // The cached describes predate the new fields: drop them, so the next run (and the mapping
        // check) reads the org as it is now, and lift the suspensions a missing field caused.
        deps.store.clearDescribes();
        for (const m of deps.engine.mappings())
          deps.engine.clearSuspension(`property-mappings:${m.sfObject}`);
        await deps.engine.validateMappings().catch(() => undefined);
      }
      return result;
    },
  };
}
