/**
 * @module What the setup check and "Create missing fields" ask of Salesforce beyond the data API:
 * the Metadata API through jsforce's metadata client (CustomField, PermissionSet), who the integration
 * user is, and its permission set assignment. Every exchange is metered like the adapter's.
 */
import { openMeteredConnection, type SalesforceAdapterOptions } from './adapter';
import { soql, soqlId } from './soql';

/** A CustomField component as the Metadata API takes it. */
export interface CustomFieldSpec {
  fullName: string;
  label: string;
  type:
    | 'Text'
    | 'Number'
    | 'Checkbox'
    | 'Date'
    | 'DateTime'
    | 'Picklist'
    | 'Email'
    | 'Phone'
    | 'Url'
    | 'TextArea';
  length?: number;
  precision?: number;
  scale?: number;
  externalId?: boolean;
  unique?: boolean;
  description?: string;
  valueSet?: {
    restricted: boolean;
    valueSetDefinition: {
      sorted: boolean;
      value: Array<{ fullName: string; default: boolean; label: string }>;
    };
  };
}

export interface PermissionSetSpec {
  fullName: string;
  label: string;
  description?: string;
  fieldPermissions: Array<{ field: string; readable: boolean; editable: boolean }>;
}

/** One component's outcome, as the Metadata API reported it. */
export interface MetadataOutcome {
  fullName: string;
  success: boolean;
  created?: boolean;
  errors: Array<{ statusCode: string; message: string }>;
}

export interface SalesforceSetupClient {
  /** Which of these `Object.Field__c` custom fields exist in the org at all (visible to the user or not). */
  existingCustomFields(fullNames: string[]): Promise<Set<string>>;
  createFields(fields: CustomFieldSpec[]): Promise<MetadataOutcome[]>;
  /** upsertMetadata: changes fields that exist (External ID, Unique). */
  updateFields(fields: CustomFieldSpec[]): Promise<MetadataOutcome[]>;
  readPermissionSet(fullName: string): Promise<PermissionSetSpec | null>;
  upsertPermissionSet(set: PermissionSetSpec): Promise<MetadataOutcome>;
  integrationUserId(): Promise<string>;
  /** Assigns the permission set to the user unless it already is; answers whether it assigned it now. */
  assignPermissionSet(fullName: string, userId: string): Promise<'assigned' | 'already-assigned'>;
  isAssigned(fullName: string, userId: string): Promise<boolean>;
}

const list = <T>(v: T | T[] | null | undefined): T[] => (v == null ? [] : Array.isArray(v) ? v : [v]);
const outcome = (r: Record<string, unknown>): MetadataOutcome => ({
  fullName: String(r.fullName ?? ''),
  success: r.success === true,
  ...(r.created === undefined ? {} : { created: r.created === true }),
  errors: list(r.errors as Array<Record<string, unknown>>).map((e) => ({
    statusCode: String(e.statusCode ?? ''),
    message: String(e.message ?? ''),
  })),
});
/** The Metadata API takes at most 10 components per create/update/upsert/read call. */
const chunks = <T>(items: T[], size = 10): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

export function createSalesforceSetupClient(opts: SalesforceAdapterOptions): SalesforceSetupClient {
  const { conn, call } = openMeteredConnection(opts);
  const permissionSetId = async (fullName: string) => {
    // jsforce's Query is a thenable, not a Promise: await it inside the wrapper.
    const res = await call(
      async () =>
        (await conn.query<{ Id: string }>(
          soql`SELECT Id FROM PermissionSet WHERE Name = ${fullName}`.text,
        )) as { records: { Id: string }[] },
    );
    return res.records[0]?.Id ?? null;
  };
  const save = async (method: 'create' | 'upsert', fields: CustomFieldSpec[]) => {
    const out: MetadataOutcome[] = [];
    for (const chunk of chunks(fields)) {
      const res = await call(() =>
        method === 'create'
          ? conn.metadata.create('CustomField', chunk as never[])
          : conn.metadata.upsert('CustomField', chunk as never[]),
      );
      out.push(...list(res as unknown as Record<string, unknown>[]).map(outcome));
    }
    return out;
  };
  const client: SalesforceSetupClient = {
    async existingCustomFields(fullNames) {
      const found = new Set<string>();
      for (const chunk of chunks(fullNames)) {
        const records = await call(() => conn.metadata.read('CustomField', chunk));
        for (const r of list(records as unknown as Array<{ fullName?: string }>))
          if (r?.fullName) found.add(r.fullName);
      }
      return found;
    },
    createFields: (fields) => save('create', fields),
    updateFields: (fields) => save('upsert', fields),
    async readPermissionSet(fullName) {
      const read = (await call(() => conn.metadata.read('PermissionSet', [fullName]))) as unknown as Array<
        Record<string, unknown>
      >;
      const set = list(read)[0];
      if (!set?.fullName) return null;
      return {
        fullName: String(set.fullName),
        label: String(set.label ?? ''),
        fieldPermissions: list(set.fieldPermissions as Array<Record<string, unknown>>).map((fp) => ({
          field: String(fp.field),
          readable: fp.readable === true || fp.readable === 'true',
          editable: fp.editable === true || fp.editable === 'true',
        })),
      };
    },
    async upsertPermissionSet(set) {
      const res = await call(() => conn.metadata.upsert('PermissionSet', set as never));
      return outcome(res as unknown as Record<string, unknown>);
    },
    async integrationUserId() {
      return (await call(() => conn.identity())).user_id;
    },
    async isAssigned(fullName, userId) {
      const psId = await permissionSetId(fullName);
      if (!psId) return false;
      const query = soql`SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = ${soqlId(userId)} AND PermissionSetId = ${soqlId(psId)}`;
      const res = await call(async () => (await conn.query(query.text)) as { totalSize: number });
      return res.totalSize > 0;
    },
    async assignPermissionSet(fullName, userId) {
      if (await client.isAssigned(fullName, userId)) return 'already-assigned';
      const psId = await permissionSetId(fullName);
      if (!psId) throw new Error(`No permission set named ${fullName} in the org: create it first`);
      await call(() =>
        conn.sobject('PermissionSetAssignment').create({ AssigneeId: userId, PermissionSetId: psId }),
      );
      return 'assigned';
    },
  };
  return client;
}
