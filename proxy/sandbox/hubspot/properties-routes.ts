/** @module GET/POST /crm/v3/properties/{objectType}: the portal's property definitions, and creating one (409 on a name in use). */
import { Hono } from 'hono';
import { z } from 'zod';
import { PortalError } from './portal-error';
import { objectTypeOf, readBody } from './portal-io';
import type { PortalDeps } from './portal-store';
import type { PortalProperty } from './property-definitions';

const TYPES: Record<string, string[]> = {
  string: ['text', 'textarea', 'phonenumber', 'html', 'file'],
  number: ['number'],
  bool: ['booleancheckbox'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox'],
};

const createSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'use lower case letters, digits and underscores, starting with a letter'),
  label: z.string().min(1),
  type: z.enum(Object.keys(TYPES) as [string, ...string[]]),
  fieldType: z.string().min(1),
  groupName: z.string().min(1),
  description: z.string().optional(),
  hasUniqueValue: z.boolean().optional(),
  options: z
    .array(z.object({ label: z.string(), value: z.string(), hidden: z.boolean().optional() }))
    .optional(),
});

export function createPropertiesRoutes(deps: PortalDeps) {
  return new Hono()
    .get('/:type', (c) => c.json({ results: deps.store.definitions(objectTypeOf(c.req.param('type'))) }))
    .get('/:type/:name', (c) => {
      const type = objectTypeOf(c.req.param('type'));
      const def = deps.store.definitions(type).find((d) => d.name === c.req.param('name'));
      if (!def)
        throw new PortalError(
          404,
          'OBJECT_NOT_FOUND',
          `Property ${c.req.param('name')} does not exist on ${type}`,
        );
      return c.json(def);
    })
    .post('/:type', async (c) => {
      const type = objectTypeOf(c.req.param('type'));
      const input = await readBody(c, createSchema);
      if (!TYPES[input.type].includes(input.fieldType)) {
        throw new PortalError(
          400,
          'VALIDATION_ERROR',
          `Property type ${input.type} does not support fieldType ${input.fieldType}. Options: ${TYPES[input.type].join(', ')}`,
        );
      }
      if (input.type === 'enumeration' && !input.options?.length) {
        throw new PortalError(400, 'VALIDATION_ERROR', 'An enumeration property needs at least one option');
      }
      const defs = deps.state().properties[type];
      if (defs.some((d) => d.name === input.name)) {
        throw new PortalError(409, 'OBJECT_ALREADY_EXISTS', `Property named '${input.name}' already exists.`);
      }
      const created: PortalProperty = {
        name: input.name,
        label: input.label,
        type: input.type,
        fieldType: input.fieldType,
        groupName: input.groupName,
        description: input.description ?? '',
        ...(input.hasUniqueValue ? { hasUniqueValue: true } : {}),
        ...(input.options ? { options: input.options } : {}),
      };
      defs.push(created);
      return c.json(created, 201);
    });
}
