/** @module Test and demo controls of the portal, in process and over HTTP at `${basePath}/_control`. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CrmObjectType } from '../../crm/types';
import { associatedIds, associateRecords, dissociateRecords } from './associations-routes';
import { badRequest } from './portal-error';
import { objectTypeOf, readBody } from './portal-io';
import type { PortalDeps } from './portal-store';
import type { RateLimitPolicy } from './rate-limiter';

export interface PortalControl {
  /** Back to a fresh portal (re-seeded unless seeding is off); the token stays. */
  reset(): void;
  /** 429 on the next `n` API calls; policy DAILY imitates an exhausted daily limit. */
  rateLimitNext(n: number, retryAfterSeconds?: number, policy?: RateLimitPolicy): void;
  /** An edit as a user in the UI: validated like an API write, bumps lastmodifieddate. */
  updateRecord(objectType: CrmObjectType, id: string, properties: Record<string, string | null>): void;
  /** Restores a deleted (archived) record with its id, as "Restore records" in HubSpot's UI does. */
  restoreRecord(objectType: CrmObjectType, id: string): void;
  /** Creates a record (optionally associated to others) and returns its id. */
  createRecord(
    objectType: CrmObjectType,
    properties: Record<string, string | null>,
    associations?: { objectType: CrmObjectType; id: string }[],
  ): string;
  addPropertyOption(
    objectType: CrmObjectType,
    property: string,
    option: { label: string; value: string } | string,
  ): void;
  /** Most associations one record may hold to one object type from now on (HubSpot's limit is configurable). */
  setAssociationLimit(limit: number): void;
  /** Removes every association of a record to one object type, as a user would in the UI. */
  removeAssociations(objectType: CrmObjectType, id: string, toObjectType: CrmObjectType): void;
  stats(): { requests: number; writes: number };
  /**
   * Rotates the private app's access token, as an admin does under Private apps → Rotate token (or by
   * deleting the app): the old token then gets 401 INVALID_AUTHENTICATION. Returns the new token.
   */
  rotateToken(): string;
}

const props = z.record(z.string(), z.union([z.string(), z.null()]));

export function createControlRoutes(
  deps: PortalDeps,
  base: Pick<PortalControl, 'reset' | 'rateLimitNext' | 'stats' | 'rotateToken'> & { persist(): void },
) {
  const { store, state } = deps;
  const api: PortalControl = {
    reset: () => {
      base.reset();
      base.persist();
    },
    rateLimitNext: base.rateLimitNext,
    stats: base.stats,
    rotateToken: () => {
      const token = base.rotateToken();
      base.persist();
      return token;
    },
    updateRecord(objectType, id, properties) {
      if (!store.get(objectType, id)) throw store.notFoundError(objectType, id);
      store.write(objectType, [{ id, properties }]);
      base.persist();
    },
    restoreRecord(objectType, id) {
      if (!store.restore(objectType, id)) throw store.notFoundError(objectType, id);
      base.persist();
    },
    createRecord(objectType, properties, associations = []) {
      const [record] = store.write(objectType, [{ properties }]);
      for (const a of associations) {
        associateRecords(state(), deps.associationLimit, objectType, record.id, a.objectType, a.id);
      }
      base.persist();
      return record.id;
    },
    setAssociationLimit(limit) {
      if (!Number.isInteger(limit) || limit < 1)
        throw badRequest(`Association limit must be a whole number of at least 1, not ${limit}`);
      deps.associationLimit = limit;
    },
    removeAssociations(objectType, id, toObjectType) {
      for (const other of associatedIds(state(), objectType, id, toObjectType))
        dissociateRecords(state(), objectType, id, toObjectType, other);
      base.persist();
    },
    addPropertyOption(objectType, property, option) {
      const def = store.definitions(objectType).find((d) => d.name === property);
      if (def?.type !== 'enumeration') {
        throw badRequest(`${objectType} has no enumeration property "${property}" to add an option to`);
      }
      const value = typeof option === 'string' ? { label: option, value: option } : option;
      if (!def.options?.some((o) => o.value === value.value)) def.options = [...(def.options ?? []), value];
      base.persist();
    },
  };

  const routes = new Hono()
    .post('/reset', (c) => {
      api.reset();
      return c.json({ ok: true });
    })
    .post('/rate-limit-next', async (c) => {
      const body = await readBody(
        c,
        z.object({
          n: z.number().int().min(0),
          retryAfterSeconds: z.number().min(0).optional(),
          policy: z.enum(['TEN_SECONDLY_ROLLING', 'DAILY']).optional(),
        }),
      );
      api.rateLimitNext(body.n, body.retryAfterSeconds, body.policy);
      return c.json({ ok: true });
    })
    .post('/rotate-token', (c) => c.json({ accessToken: api.rotateToken() }))
    .post('/records/:type', async (c) => {
      const body = await readBody(c, z.object({ properties: props }));
      return c.json({ id: api.createRecord(objectTypeOf(c.req.param('type')), body.properties) }, 201);
    })
    .patch('/records/:type/:id', async (c) => {
      const body = await readBody(c, z.object({ properties: props }));
      api.updateRecord(objectTypeOf(c.req.param('type')), c.req.param('id'), body.properties);
      return c.json({ ok: true });
    })
    .post('/properties/:type/:name/options', async (c) => {
      const body = await readBody(c, z.object({ label: z.string().min(1), value: z.string().min(1) }));
      api.addPropertyOption(objectTypeOf(c.req.param('type')), c.req.param('name'), body);
      return c.json({ ok: true });
    })
    .post('/association-limit', async (c) => {
      const body = await readBody(c, z.object({ limit: z.number().int().min(1) }));
      api.setAssociationLimit(body.limit);
      return c.json({ ok: true });
    })
    .get('/stats', (c) => c.json(api.stats()));

  return { api, routes };
}
