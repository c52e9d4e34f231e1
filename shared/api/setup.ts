/**
 * @module Contract of the setup routes: GET /setup (is the org and portal ready for the sync? each
 * problem names the object/field and the exact fix, and what "Create missing fields" would do) and
 * POST /setup/apply (does it, reporting each item's result).
 */
import { z } from 'zod';

export type SetupCheckKind =
  | 'api-access'
  | 'daily-limit'
  | 'external-id'
  | 'mapped-field'
  | 'crm-property'
  | 'salesforce-id-property';

/** One line of the checklist. */
export interface SetupItem {
  /** Stable id, e.g. `external-id:Contact.HubSpot_Id__c`. */
  id: string;
  kind: SetupCheckKind;
  ok: boolean;
  /** What was checked, e.g. "Contact.HubSpot_Id__c is an External ID, unique, readable and editable". */
  title: string;
  /** What is wrong (absent when ok). */
  problem?: string;
  /** The exact fix, naming where to click or what "Create missing fields" does. */
  fix?: string;
  /** Ids of the planned actions that fix it (empty: the admin fixes it by hand). */
  fixedBy: string[];
}

export type SetupActionKind =
  | 'create-field'
  | 'update-field'
  | 'permission-set'
  | 'assign-permission-set'
  | 'create-property';

/** Something "Create missing fields" will do, shown before it does it. */
export interface SetupAction {
  id: string;
  kind: SetupActionKind;
  system: 'salesforce' | 'hubspot';
  /** e.g. `Contact.HubSpot_Id__c`, `Sync_Health_Integration`, `contacts.salesforce_id`. */
  target: string;
  description: string;
}

export interface SetupResponse {
  ready: boolean;
  checkedAt: string;
  items: SetupItem[];
  planned: SetupAction[];
}

export type SetupOutcome = 'created' | 'updated' | 'assigned' | 'already-there' | 'failed' | 'skipped';

export interface SetupActionResult extends SetupAction {
  outcome: SetupOutcome;
  message: string;
}

export interface SetupApplyResponse {
  results: SetupActionResult[];
  /** The checklist after the changes. */
  after: SetupResponse;
}

/** GET /setup?refresh=true checks the org and portal again; without it the last answer is kept. */
export const setupQuerySchema = z.object({ refresh: z.enum(['true', 'false']).optional() }).strict();

export const setupApplyBodySchema = z
  .object({
    /** Apply only these planned actions (ids from GET /setup); all of them when absent. */
    actions: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

export type SetupApplyBody = z.infer<typeof setupApplyBodySchema>;

export interface SetupApi {
  'GET /setup': { query?: z.input<typeof setupQuerySchema>; response: SetupResponse };
  'POST /setup/apply': { body: SetupApplyBody; response: SetupApplyResponse };
}
