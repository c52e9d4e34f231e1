/** @module POST /crm/v3/properties/{objectType} through the official client: the setup creates the sync's own property with it. */
import { Client } from '@hubspot/api-client';
import type { CrmObjectType } from '../types';

export interface CrmPropertySpec {
  name: string;
  label: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
  fieldType: string;
  groupName: string;
  description?: string;
  hasUniqueValue?: boolean;
}

export interface CrmPropertyCreator {
  /** 'already-there' when HubSpot answers 409 (a property of that name exists). */
  createProperty(objectType: CrmObjectType, spec: CrmPropertySpec): Promise<'created' | 'already-there'>;
}

export function createHubspotPropertyCreator(options: {
  accessToken: string;
  baseUrl: string;
}): CrmPropertyCreator {
  const client = new Client({
    accessToken: options.accessToken,
    basePath: options.baseUrl.replace(/\/$/, ''),
    numberOfApiCallRetries: 0,
  });
  return {
    async createProperty(objectType, spec) {
      try {
        await client.crm.properties.coreApi.create(objectType, spec as never);
        return 'created';
      } catch (err) {
        const failure = err as { code?: number; body?: { message?: string } };
        if (failure.code === 409) return 'already-there';
        const detail = failure.body?.message ?? (err as Error).message;
        throw new Error(
          `HubSpot refused to create ${objectType}.${spec.name} (HTTP ${failure.code ?? '?'}): ${detail}`,
          {
            cause: err,
          },
        );
      }
    },
  };
}
