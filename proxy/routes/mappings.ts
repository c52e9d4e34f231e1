/**
 * @module GET/PUT /api/v1/mappings: the mapping set in use with the problems its last validation found,
 * and replacing it (validated first: a malformed set is a 400, one that adds a problem against the org
 * or the CRM a 409, each naming the field; nothing is saved in either case). A saved set answers how
 * many synced records are sent again. GET /mappings/fields?pair=contacts lists what the editor's
 * pickers offer: the CRM's property definitions and the object's cached describe.
 */
import { Hono } from 'hono';
import {
  type MappingFieldsResponse,
  type MappingsResponse,
  mappingFieldsQuerySchema,
} from '../../shared/api/mappings';
import type { CrmPropertyDefinition } from '../crm/types';
import { ApiHttpError, badRequest } from '../http/api-http-error';
import { parseInput } from '../http/validation';
import { MappingSetError, type SyncEngine } from '../sync/engine';
import { parseMappingSet } from '../sync/mapping-control';
import type { ApiDeps } from './api-deps';

const view = async (engine: SyncEngine): Promise<MappingsResponse> => {
  const checked = await engine.mappingProblems();
  return {
    mappings: engine.mappings(),
    problems: checked?.problems ?? [],
    validatedAt: checked?.validatedAt ?? null,
  };
};

/** CRM property definitions are read again after this long (the describe has its own cache, an hour). */
const PROPERTIES_TTL_MS = 60_000;

/** Properties an admin never maps: HubSpot's record id and the property holding the Salesforce id. */
const HIDDEN_PROPERTIES = new Set(['hs_object_id']);

export function createMappingRoutes(deps: ApiDeps) {
  const now = deps.now ?? Date.now;
  const propertyCache = new Map<string, { at: number; list: CrmPropertyDefinition[] }>();
  const engineOf = () => {
    const running = deps.sync();
    if (!running)
      throw new ApiHttpError(503, 'unavailable', 'The sync is still starting; try again in a second.');
    return running.engine;
  };
  return new Hono()
    .get('/mappings', async (c) => c.json(await view(engineOf())))
    .get('/mappings/fields', async (c) => {
      const { pair } = parseInput(mappingFieldsQuerySchema, c.req.query(), 'query');
      const running = deps.sync();
      const engine = engineOf();
      const m = engine.mappings().find((x) => x.crmType === pair);
      if (!m || !running)
        throw badRequest(
          `"pair" must be a mapped object pair: one of ${engine
            .mappings()
            .map((x) => x.crmType)
            .join(', ')}`,
        );
      let cached = propertyCache.get(pair);
      if (!cached || now() - cached.at > PROPERTIES_TTL_MS) {
        cached = { at: now(), list: await running.crm.properties(pair) };
        propertyCache.set(pair, cached);
      }
      const describe = await engine.describeFor(m.sfObject);
      const body: MappingFieldsResponse = {
        crmType: m.crmType,
        sfObject: m.sfObject,
        properties: cached.list
          .filter((p) => !HIDDEN_PROPERTIES.has(p.name) && p.name !== m.crmIdProperty)
          .map((p) => ({
            name: p.name,
            label: p.label,
            type: p.type,
            fieldType: p.fieldType,
            readOnly: p.modificationMetadata?.readOnlyValue === true,
          }))
          .sort((a, b) => a.label.localeCompare(b.label)),
        fields: (describe?.fields ?? [])
          .filter((f) => f.name !== m.externalId && f.type !== 'id')
          .map((f) => ({
            name: f.name,
            label: f.label ?? f.name,
            type: f.type,
            length: f.length ?? 0,
            createable: f.createable !== false,
            updateable: f.updateable !== false,
            required: f.nillable === false && f.createable !== false && !f.defaultedOnCreate,
            picklistValues: (f.picklistValues ?? []).filter((v) => v.active).map((v) => v.value),
          }))
          .sort((a, b) => a.label.localeCompare(b.label)),
      };
      return c.json(body);
    })
    .put('/mappings', async (c) => {
      const engine = engineOf();
      const body = (await c.req.json().catch(() => null)) as { mappings?: unknown } | null;
      if (!body || typeof body !== 'object' || !('mappings' in body))
        throw badRequest(
          'Send a JSON body { "mappings": [ …object pairs… ] } (GET /mappings shows the current set).',
        );
      const before = new Map(engine.mappings().map((m) => [m.crmType, JSON.stringify(m)]));
      try {
        // The shape is checked here, at the edge; the engine checks it against describe and the CRM.
        await engine.setMappings(parseMappingSet(body.mappings));
      } catch (err) {
        if (!(err instanceof MappingSetError)) throw err;
        throw err.problems.length
          ? new ApiHttpError(409, 'conflict', err.message, { cause: err })
          : badRequest(err.message);
      }
      // A changed pair's records are read again and sent with the new mapping (mapping-control).
      const store = deps.sync()?.store;
      let resent = 0;
      for (const m of engine.mappings())
        if (before.get(m.crmType) !== JSON.stringify(m)) resent += (await store?.linkedCount(m.crmType)) ?? 0;
      return c.json({ ...(await view(engine)), resent } satisfies MappingsResponse);
    });
}
