/** @module What the setup check and apply talk to: Salesforce (data + metadata), the CRM, and the mapping set. */
import type { CrmPropertyCreator } from '../crm/hubspot/create-property';
import type { CrmConnector } from '../crm/types';
import type { SalesforceAdapter } from '../salesforce/adapter';
import type { SalesforceSetupClient } from '../salesforce/setup-client';
import type { ObjectMapping } from '../sync/default-mapping';

export interface SetupDeps {
  salesforce: Pick<SalesforceAdapter, 'describe' | 'limits'>;
  sfSetup: SalesforceSetupClient;
  crm: Pick<CrmConnector, 'properties'>;
  crmSetup: CrmPropertyCreator;
  mappings: () => ObjectMapping[];
  now?: () => number;
}
