/**
 * @module Contract of the mapping routes, and the one schema of a mapping set: the proxy's routes and
 * the sync engine (`engine.setMappings`) check a set with it before anything is saved.
 */

import { z } from 'zod';
import { CRM_TYPES } from '../crm-types';
import { MAPPING_DIRECTIONS, type MappingDirection } from '../mapping-compat';

const apiName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be an API name: letters, digits and _, starting with a letter');

export type { MappingDirection };

export const fieldMappingSchema = z.object({
  crm: z.string().min(1, 'must name a CRM property'),
  sf: apiName,
  direction: z.enum(MAPPING_DIRECTIONS, {
    error: () => `must be one of: ${MAPPING_DIRECTIONS.join(', ')}`,
  }),
});

export const objectMappingSchema = z.object({
  crmType: z.enum(CRM_TYPES),
  sfObject: apiName,
  /** The Salesforce external-id field that holds the CRM record id (upserts on it never duplicate). */
  externalId: apiName,
  /** The CRM property that holds the Salesforce id (unique values). */
  crmIdProperty: z.string().min(1).default('salesforce_id'),
  nameFrom: z.array(z.string().min(1)).min(1, 'needs at least one CRM property that names the record'),
  fields: z.array(fieldMappingSchema).min(1, 'needs at least one field mapping'),
  references: z.array(z.object({ sf: apiName, to: z.enum(CRM_TYPES) })),
});

/** Parents first: the order is the order the sync writes in. */
export const mappingSetSchema = z.array(objectMappingSchema).min(1, 'needs at least one object pair');

export type MappingSet = z.infer<typeof mappingSetSchema>;

/** A mapping that does not hold against the org's describe or the CRM's properties. */
export interface MappingProblemDto {
  crmType: string;
  property: string;
  sfObject: string;
  field: string;
  problem: 'field-missing' | 'property-missing' | 'type-mismatch' | 'not-writable' | 'external-id-missing';
  /** 'object': the pair cannot sync at all (the sync suspends); 'field': only this field is affected. */
  scope: 'object' | 'field';
  message: string;
}

export interface MappingsResponse {
  mappings: MappingSet;
  problems: MappingProblemDto[];
  /** When the set was last checked against describe and the CRM's properties (null: not yet). */
  validatedAt: number | null;
  /** After a PUT: how many synced records are sent again because their pair's mapping changed. */
  resent?: number;
}

/** A CRM property as the mapping editor's picker lists it. */
export interface MappingPropertyOption {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  /** Calculated or maintained by HubSpot: it can only be sent to Salesforce. */
  readOnly: boolean;
}

/** A Salesforce field as the mapping editor's picker lists it (from the cached describe). */
export interface MappingFieldOption {
  name: string;
  label: string;
  type: string;
  length: number;
  createable: boolean;
  updateable: boolean;
  required: boolean;
  picklistValues: string[];
}

export const mappingFieldsQuerySchema = z.object({ pair: z.enum(CRM_TYPES) }).strict();

export interface MappingFieldsResponse {
  crmType: string;
  sfObject: string;
  properties: MappingPropertyOption[];
  fields: MappingFieldOption[];
}

export interface MappingsApi {
  'GET /mappings/fields': { query: { pair: string }; response: MappingFieldsResponse };
  'GET /mappings': { response: MappingsResponse };
  'PUT /mappings': { body: { mappings: MappingSet }; response: MappingsResponse };
}
