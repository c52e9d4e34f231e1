/** @module What happens to records beyond their fields: where new CRM contacts go, and whether deletes travel. */
import { z } from 'zod';

export const recordRulesSchema = z.object({
  /** Where a new CRM contact is created in Salesforce (HubSpot's own integration offers the same choice). */
  contactsCreateAs: z.enum(['Lead', 'Contact']),
  /** A record deleted in the CRM is deleted in Salesforce too (off: only its link is closed). */
  deleteInSalesforce: z.boolean(),
  /** A record deleted in Salesforce is archived in the CRM too (off: only its link is closed). */
  deleteInCrm: z.boolean(),
  /**
   * Sync only the CRM contacts in this HubSpot list (HubSpot's "inclusion list"); null: every contact.
   * Set through PUT /settings/inclusion-list, which checks the list exists and holds contacts.
   */
  inclusionListId: z.string().regex(/^\d+$/).nullable(),
});
export type RecordRules = z.infer<typeof recordRulesSchema>;
export const recordRulesPatchSchema = recordRulesSchema.omit({ inclusionListId: true }).partial().strict();

export interface RecordRulesApi {
  'GET /settings/records': { response: RecordRules };
  'PUT /settings/records': { body: z.input<typeof recordRulesPatchSchema>; response: RecordRules };
}
