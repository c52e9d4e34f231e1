/** @module The HubSpot connector: CrmConnector over the official @hubspot/api-client, pointed at any base URL. */
import { Client } from '@hubspot/api-client';
import type { CrmAccount, CrmConnector, CrmObjectType, CrmPropertyDefinition, CrmRecord } from '../types';
import { batchAssociate } from './batch-associate';
import { BATCH_MAX, batchUpsert, type SendBatch } from './batch-upsert';
import { changedSince, type Search } from './changed-since';
import { findByValues } from './find-by-values';
import { createHubspotCall, type RequestInfo } from './hubspot-call';
import { type AssociateBody, accountDetails, hubspotJson } from './hubspot-json';
import { createListReads } from './lists';

export interface HubspotConnectorOptions {
  /** A private-app access token. */
  accessToken: string;
  /** API base, default https://api.hubapi.com; the sandbox: http://127.0.0.1:PORT/sandbox/hubspot */
  baseUrl?: string;
  /** Base of record pages; default https://{uiDomain} from the account details. */
  uiBaseUrl?: string;
  /** The portal id, when known up front; otherwise read by account() (recordUrl needs it). */
  portalId?: string;
  /** Injectable for back-off tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Called after every HTTP exchange, retries included (metering). */
  onRequest?: (info: RequestInfo) => void;
}

type SearchRequest = Parameters<Client['crm']['objects']['searchApi']['doSearchWithHttpInfo']>[1];

const TYPE_IDS: Record<CrmObjectType, string> = { contacts: '0-1', companies: '0-2', deals: '0-3' };
const LIST_ADD_MAX = 1000;

interface ApiRecord {
  id: string;
  properties: Record<string, string | null>;
  createdAt: Date;
  updatedAt: Date;
  archived?: boolean;
}

const toRecord = (r: ApiRecord, modified?: string): CrmRecord => ({
  id: r.id,
  properties: r.properties,
  updatedAt: (modified && r.properties[modified]) || new Date(r.updatedAt).toISOString(),
  createdAt: new Date(r.createdAt).toISOString(),
  archived: r.archived ?? false,
});

/**
 * @example
 * const crm = createHubspotConnector({ accessToken, baseUrl: `http://127.0.0.1:${port}/sandbox/hubspot` });
 * const { records, next } = await crm.changedSince('contacts', null, ['email']);
 */
export function createHubspotConnector(options: HubspotConnectorOptions): CrmConnector {
  const baseUrl = (options.baseUrl ?? 'https://api.hubapi.com').replace(/\/$/, '');
  // No limiter and no client-side retries: the one retry policy is ours (p-retry in hubspot-call).
  const client = new Client({
    accessToken: options.accessToken,
    basePath: baseUrl,
    numberOfApiCallRetries: 0,
  });
  const call = createHubspotCall({
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    onRequest: options.onRequest,
  });
  let account: CrmAccount | undefined;

  const objects = `/crm/v3/objects`;
  const search: Search = async (type, request) => {
    const page = await call('POST', `${objects}/${type}/search`, () =>
      // The generated types say string[] for sorts and an enum for operators; HubSpot takes these
      // {propertyName, direction} objects and operator names as sent.
      client.crm.objects.searchApi.doSearchWithHttpInfo(type, request as unknown as SearchRequest),
    );
    const modified = request.properties.find((p) => p.endsWith('lastmodifieddate'));
    return page.results.map((r) => toRecord(r as ApiRecord, modified));
  };

  const sendBatch: SendBatch = async (type, kind, traced) => {
    const api = client.crm.objects.batchApi;
    const path = `${objects}/${type}/batch/${kind}`;
    if (kind === 'create') {
      const res = await call('POST', path, () =>
        api.createWithHttpInfo(type, {
          inputs: traced.map((t) => ({
            properties: clean(t.input.properties),
            objectWriteTraceId: t.traceId,
            associations: [],
          })),
        }),
      );
      return {
        written: res.results.map((r) => ({ traceId: r.objectWriteTraceId, id: r.id, created: true })),
        missing: [],
      };
    }
    if (kind === 'update') {
      const res = await call('POST', path, () =>
        api.updateWithHttpInfo(type, {
          inputs: traced.map((t) => ({
            id: t.input.id!,
            properties: clean(t.input.properties),
            objectWriteTraceId: t.traceId,
          })),
        }),
      );
      const errors = 'errors' in res ? (res.errors ?? []) : [];
      const missing = errors.flatMap((e) =>
        e.category === 'OBJECT_NOT_FOUND' ? (e.context?.ids ?? []) : [],
      );
      return {
        written: res.results.map((r) => ({ traceId: r.objectWriteTraceId, id: r.id, created: false })),
        missing,
      };
    }
    const res = await call('POST', path, () =>
      api.upsertWithHttpInfo(type, {
        inputs: traced.map((t) => ({
          id: t.input.idValue!,
          idProperty: t.input.idProperty!,
          properties: clean(t.input.properties),
          objectWriteTraceId: t.traceId,
        })),
      }),
    );
    const idProperty = traced[0].input.idProperty!;
    return {
      written: res.results.map((r) => ({
        traceId: r.objectWriteTraceId,
        id: r.id,
        created: r._new,
        idValue: r.properties[idProperty] ?? undefined,
      })),
      missing: [],
    };
  };

  const lists = createListReads(client, call);
  const connector: CrmConnector = {
    ...lists,
    async account() {
      const details = await call('GET', '/account-info/v3/details', () => accountDetails(client));
      account = {
        portalId: String(details.portalId),
        uiBaseUrl: (options.uiBaseUrl ?? `https://${details.uiDomain ?? 'app.hubspot.com'}`).replace(
          /\/$/,
          '',
        ),
        timeZone: details.timeZone,
      };
      return account;
    },

    changedSince: (type, since, properties, limit) => changedSince(search, type, since, properties, limit),
    findByValues: (type, property, values, properties) =>
      findByValues(search, type, property, values, properties),

    async archive(type, ids) {
      for (let i = 0; i < ids.length; i += BATCH_MAX) {
        const inputs = ids.slice(i, i + BATCH_MAX).map((id) => ({ id }));
        await call('POST', `${objects}/${type}/batch/archive`, () =>
          client.crm.objects.batchApi.archiveWithHttpInfo(type, { inputs }),
        );
      }
    },

    async archivedIds(type) {
      const out: { id: string; archivedAt: string | null }[] = [];
      let after: string | undefined;
      do {
        const page = await call('GET', `${objects}/${type}`, () =>
          client.crm.objects.basicApi.getPageWithHttpInfo(
            type,
            BATCH_MAX,
            after,
            [],
            undefined,
            undefined,
            true,
          ),
        );
        for (const r of page.results)
          out.push({ id: r.id, archivedAt: r.archivedAt ? new Date(r.archivedAt).toISOString() : null });
        after = page.paging?.next?.after;
      } while (after);
      return out;
    },

    async batchRead(type, ids, properties) {
      const out: CrmRecord[] = [];
      for (let i = 0; i < ids.length; i += BATCH_MAX) {
        const inputs = ids.slice(i, i + BATCH_MAX).map((id) => ({ id }));
        const res = await call('POST', `${objects}/${type}/batch/read`, () =>
          client.crm.objects.batchApi.readWithHttpInfo(type, {
            inputs,
            properties,
            propertiesWithHistory: [],
          }),
        );
        out.push(...res.results.map((r) => toRecord(r as ApiRecord)));
      }
      return out;
    },

    batchUpsert: (type, inputs) => batchUpsert(sendBatch, type, inputs),

    async properties(type) {
      const res = await call('GET', `/crm/v3/properties/${type}`, () =>
        client.crm.properties.coreApi.getAllWithHttpInfo(type),
      );
      return res.results.map(
        (p): CrmPropertyDefinition => ({
          name: p.name,
          label: p.label,
          type: p.type,
          fieldType: p.fieldType,
          ...(p.options?.length
            ? {
                options: p.options.map((o) => ({
                  label: o.label,
                  value: o.value,
                  ...(o.hidden ? { hidden: true } : {}),
                })),
              }
            : {}),
          hasUniqueValue: p.hasUniqueValue ?? false,
          modificationMetadata: { readOnlyValue: p.modificationMetadata?.readOnlyValue ?? false },
        }),
      );
    },

    async associations(from, fromIds, to) {
      const out = [];
      for (let i = 0; i < fromIds.length; i += BATCH_MAX) {
        const inputs = fromIds.slice(i, i + BATCH_MAX).map((id) => ({ id }));
        const res = await call('POST', `/crm/v4/associations/${from}/${to}/batch/read`, () =>
          client.crm.associations.v4.batchApi.getPageWithHttpInfo(from, to, { inputs }),
        );
        for (const r of res.results) {
          for (const t of r.to)
            out.push({ fromId: String(r._from.id), toObjectType: to, toId: String(t.toObjectId) });
        }
      }
      return out;
    },

    associate: (from, to, pairs) =>
      batchAssociate(async (chunk) => {
        const path = `/crm/v4/associations/${from}/${to}/batch/associate/default`;
        const body = await call('POST', path, () =>
          hubspotJson<AssociateBody>(client, 'POST', path, {
            inputs: chunk.map((p) => ({ from: { id: p.fromId }, to: { id: p.toId } })),
          }),
        );
        return {
          made: (body.results ?? []).map((r) => ({ fromId: String(r.from.id), toId: String(r.to.id) })),
          errors: body.errors ?? [],
        };
      }, pairs),

    async dissociate(from, to, pairs) {
      for (let i = 0; i < pairs.length; i += BATCH_MAX) {
        const inputs = pairs
          .slice(i, i + BATCH_MAX)
          .map((p) => ({ _from: { id: p.fromId }, to: [{ id: p.toId }] }));
        await call('POST', `/crm/v4/associations/${from}/${to}/batch/archive`, () =>
          client.crm.associations.v4.batchApi.archiveWithHttpInfo(from, to, { inputs }),
        );
      }
    },

    async createList(name, type, recordIds) {
      const { portalId, uiBaseUrl } = account ?? (await connector.account());
      const created = await call('POST', '/crm/v3/lists', () =>
        client.crm.lists.listsApi.createWithHttpInfo({
          name,
          objectTypeId: TYPE_IDS[type],
          processingType: 'MANUAL',
        }),
      );
      const listId = created.list.listId;
      for (let i = 0; i < recordIds.length; i += LIST_ADD_MAX) {
        const ids = recordIds.slice(i, i + LIST_ADD_MAX);
        await call('PUT', `/crm/v3/lists/${listId}/memberships/add`, () =>
          client.crm.lists.membershipsApi.addWithHttpInfo(listId, ids),
        );
      }
      return { id: listId, url: `${uiBaseUrl}/contacts/${portalId}/objectLists/${listId}` };
    },

    recordUrl(type, id) {
      const portalId = account?.portalId ?? options.portalId;
      const uiBaseUrl = account?.uiBaseUrl ?? options.uiBaseUrl?.replace(/\/$/, '');
      if (!portalId || !uiBaseUrl) {
        throw new Error(
          'recordUrl needs the portal id and UI base: call account() once, or pass portalId and uiBaseUrl',
        );
      }
      return `${uiBaseUrl}/contacts/${portalId}/record/${TYPE_IDS[type]}/${id}`;
    },
  };
  return connector;
}

/** HubSpot clears a property with "", not null. */
function clean(properties: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v ?? '']));
}
