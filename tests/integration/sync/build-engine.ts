/** @module Wires store → meter → adapter → HubSpot connector → engine from plain connection facts (also used by the crash child). */
import { createHubspotConnector } from '../../../proxy/crm/hubspot/index';
import { createSalesforceAdapter, type SalesforceAdapterOptions } from '../../../proxy/salesforce/adapter';
import { createApiMeter } from '../../../proxy/salesforce/api-meter';
import type { Store } from '../../../proxy/store/index';
import { createSyncEngine, type SyncEngineDeps } from '../../../proxy/sync/engine';

export interface ConnectionFacts {
  instanceUrl: string;
  hubspotUrl: string;
  accessToken: string;
  /** With a refresh token and client, jsforce refreshes expired sessions. */
  refresh?: { refreshToken: string; clientId: string; clientSecret: string };
  hubspotToken: string;
  portalId: string;
}

export async function buildEngine(
  store: Store,
  facts: ConnectionFacts,
  now: () => number,
  extra: Partial<SyncEngineDeps> = {},
  adapterExtra: Partial<SalesforceAdapterOptions> = {},
) {
  const salesforce = createSalesforceAdapter({
    instanceUrl: facts.instanceUrl,
    accessToken: facts.accessToken,
    meter: createApiMeter(store, now),
    bulk: { ledger: store, threshold: async () => (await store.settings()).bulkThreshold, pollMs: [20, 200] },
    ...(facts.refresh
      ? {
          refreshToken: facts.refresh.refreshToken,
          oauth2: {
            clientId: facts.refresh.clientId,
            clientSecret: facts.refresh.clientSecret,
            loginUrl: facts.instanceUrl,
          },
        }
      : {}),
    ...adapterExtra,
  });
  const crm = createHubspotConnector({
    accessToken: facts.hubspotToken,
    baseUrl: facts.hubspotUrl,
    uiBaseUrl: facts.hubspotUrl,
    sleep: async () => {},
  });
  return await createSyncEngine({
    store,
    salesforce,
    crm,
    now,
    instanceUrl: facts.instanceUrl,
    crmUiBaseUrl: facts.hubspotUrl,
    portalId: facts.portalId,
    retry: { retries: 4, minTimeoutMs: 1 },
    ...extra,
  });
}
