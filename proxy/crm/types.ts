/** @module The CRM side of the sync, as the engine sees it. HubSpot implements it first. */
import type { CrmType } from '../../shared/crm-types';

/** CRM object types the sync knows. */
export type CrmObjectType = CrmType;

export interface CrmRecord {
  id: string;
  /** Property values as the CRM returns them (HubSpot returns strings or null). */
  properties: Record<string, string | null>;
  /** ISO timestamp of the last modification (HubSpot `hs_lastmodifieddate` / `updatedAt`). */
  updatedAt: string;
  createdAt?: string;
  archived?: boolean;
}

/** A resumable position in the "changed since" stream: last-modified time + id tiebreak. */
export interface CrmCursor {
  updatedAt: string;
  id: string;
}

export interface CrmPropertyDefinition {
  name: string;
  label: string;
  /** HubSpot `type`: string | number | date | datetime | enumeration | bool | phone_number */
  type: string;
  /** HubSpot `fieldType`: text | textarea | number | date | select | radio | checkbox | booleancheckbox | ... */
  fieldType: string;
  options?: { label: string; value: string; hidden?: boolean }[];
  hasUniqueValue?: boolean;
  modificationMetadata?: { readOnlyValue?: boolean };
}

export interface CrmAssociation {
  fromId: string;
  toObjectType: CrmObjectType;
  toId: string;
}

/** One association to make or remove: `fromId` of the from-type, `toId` of the to-type. */
export interface CrmAssociationPair {
  fromId: string;
  toId: string;
}

/** The outcome of one pair: HubSpot's category and code kept (TOO_MANY_ASSOCIATIONS, OBJECT_NOT_FOUND…). */
export type CrmAssociateResult =
  | { ok: true }
  | { ok: false; code: string; category: string; message: string };

export interface CrmUpsertInput {
  /** The CRM id when known; otherwise `idProperty` + `idValue` (e.g. a `salesforce_id` property). */
  id?: string;
  idProperty?: string;
  idValue?: string;
  properties: Record<string, string | null>;
}

export type CrmWriteResult =
  | { ok: true; id: string; created: boolean }
  | { ok: false; code: string; message: string; property?: string };

export interface CrmAccount {
  portalId: string;
  /** Base of the app's record pages, e.g. https://app.hubspot.com or the sandbox's URL. */
  uiBaseUrl: string;
  timeZone?: string;
  scopes?: string[];
}

/** A CRM list (HubSpot Lists v3) as the inclusion-list setting shows it. */
export interface CrmList {
  id: string;
  name: string;
  /** The object type its members are; null for types the sync does not know. */
  objectType: CrmObjectType | null;
  /** HubSpot's MANUAL (static), DYNAMIC (active) or SNAPSHOT. */
  processingType: string;
  /** How many records it holds. */
  size: number;
  /** Changes whenever its members or its definition change: cached members are good while it holds. */
  version: string;
}

/** A page of changes; `next` is the cursor to pass back, null when up to date. */
export interface CrmChangePage {
  records: CrmRecord[];
  next: CrmCursor | null;
}

/**
 * What the sync engine needs from a CRM. Every method goes over HTTP to the real
 * service (or the embedded portal); failures throw `CrmApiError`.
 */
export interface CrmConnector {
  account(): Promise<CrmAccount>;
  /** Records modified strictly after `since` (time, then id), oldest first, at most `limit`. */
  changedSince(
    objectType: CrmObjectType,
    since: CrmCursor | null,
    properties: string[],
    limit?: number,
  ): Promise<CrmChangePage>;
  /**
   * Records whose `property` equals one of `values`, compared in lower case (search with IN, 100 values
   * a request): how the sync finds the record the CRM already has before creating one.
   */
  findByValues(
    objectType: CrmObjectType,
    property: string,
    values: string[],
    properties: string[],
  ): Promise<CrmRecord[]>;
  /** Batch read by id (chunks of 100 internally); missing ids are absent from the result. */
  batchRead(objectType: CrmObjectType, ids: string[], properties: string[]): Promise<CrmRecord[]>;
  /** Batch create/update (chunks of 100 internally); one result per input, in order. */
  batchUpsert(objectType: CrmObjectType, inputs: CrmUpsertInput[]): Promise<CrmWriteResult[]>;
  properties(objectType: CrmObjectType): Promise<CrmPropertyDefinition[]>;
  /** Associations from each of `fromIds` to `toObjectType` (v4). */
  associations(
    fromObjectType: CrmObjectType,
    fromIds: string[],
    toObjectType: CrmObjectType,
  ): Promise<CrmAssociation[]>;
  /**
   * Makes the default (unlabeled) association of each pair (v4 batch associate default, chunks of
   * 100); one result per pair, in order. Associating a pair twice is harmless. A pair HubSpot refuses
   * (association limit, unknown id) fails alone; whole-call failures throw `CrmApiError`.
   */
  associate(
    fromObjectType: CrmObjectType,
    toObjectType: CrmObjectType,
    pairs: CrmAssociationPair[],
  ): Promise<CrmAssociateResult[]>;
  /** Removes every association between each pair (v4 batch archive); removing a missing one is harmless. */
  dissociate(
    fromObjectType: CrmObjectType,
    toObjectType: CrmObjectType,
    pairs: CrmAssociationPair[],
  ): Promise<void>;
  /** A static list holding exactly these records; returns its id and its URL in the CRM UI. */
  createList(
    name: string,
    objectType: CrmObjectType,
    recordIds: string[],
  ): Promise<{ id: string; url: string }>;
  /**
   * Archived records of a type (HubSpot keeps them 90 days: deleted ones, and the originals of a merge),
   * every page of `GET /crm/v3/objects/{type}?archived=true`, 100 a call.
   */
  archivedIds(objectType: CrmObjectType): Promise<{ id: string; archivedAt: string | null }[]>;
  /** Lists of the portal whose name contains `query` (every list when absent). */
  searchLists(query?: string): Promise<CrmList[]>;
  /** One list by id; null when there is none. */
  list(id: string): Promise<CrmList | null>;
  /** The record ids a list holds (every page). */
  listMemberIds(id: string): Promise<string[]>;
  /** The record's page in the CRM UI. */
  recordUrl(objectType: CrmObjectType, id: string): string;
  /** Archives (HubSpot's delete: restorable for 90 days) records by id, batches of 100; a missing id is harmless. */
  archive(objectType: CrmObjectType, ids: string[]): Promise<void>;
}

/** A CRM call that failed after retries, with HubSpot's category and sub-codes kept. */
export class CrmApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly category: string,
    readonly subCategory?: string,
    readonly errors: { message: string; code?: string; context?: Record<string, string[]> }[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CrmApiError';
  }
}
