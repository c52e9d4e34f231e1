/**
 * @module Contract of the dry run: what the first sync of a pair (or the next one, on demand) would do,
 * per object, read from both sides without writing to either; and accepting it.
 */
import type { Category } from '../taxonomy';

/** A CRM record that several existing records match: the sync links none and writes nothing for it. */
export interface PreviewAmbiguous {
  crmId: string;
  name: string | null;
  /** The shared value (an email, a website host, a name). */
  value: string;
  /** The Salesforce ids that share it. */
  candidates: string[];
}

export interface PreviewObject {
  crmType: string;
  sfObject: string;
  /** CRM records read that would go to Salesforce. */
  read: number;
  /** New in Salesforce. */
  toCreate: number;
  /** Linked to the Salesforce record they match (email, website host, name), then updated. */
  toLink: number;
  /** Already linked and changed since they were last synced. */
  toUpdate: number;
  /** Already linked, nothing changed. */
  unchanged: number;
  ambiguousCount: number;
  /** The first 50 ambiguous records. */
  ambiguous: PreviewAmbiguous[];
  /** What preflight (describe, links) already knows will fail, by category. No call is spent on them. */
  failing: Partial<Record<Category, number>>;
  /** Calls the writes would take: collections of 200, linked records updated by Id in their own. */
  estimatedCalls: number;
  /** Records made in Salesforce waiting to be created in the CRM. */
  toCreateInCrm: number;
  /** Contacts left out because they are not in the inclusion list (not counted anywhere above). */
  notInList: number;
  /**
   * Records Salesforce already holds with no CRM twin, that the first sync copies to the CRM (those it
   * links to a CRM record by email or domain included); 0 once the first sync read them, or with the
   * copy turned off.
   */
  toCopyToCrm: number;
}

export interface PreviewAnswer {
  generatedAt: string;
  /** Whether this pair waits for an accepted preview before its first write (connected pairs do). */
  required: boolean;
  accepted: boolean;
  acceptedAt: string | null;
  objects: PreviewObject[];
  /** Salesforce calls the first sync would spend: its reads (describe, matching) and its writes. */
  estimatedCalls: number;
  /** Salesforce calls this preview spent on reads. */
  callsSpent: number;
  /** Whether the first sync copies the records only Salesforce holds to the CRM (Settings → Salesforce calls). */
  copyExisting: boolean;
  /** The inclusion list in force (only its contacts sync); `missing`: it no longer exists in HubSpot. */
  inclusionList: { name: string; missing: boolean } | null;
}

export interface AcceptPreviewAnswer {
  accepted: true;
  acceptedAt: string;
}

export interface PreviewApi {
  'POST /sync/preview': { response: PreviewAnswer };
  'POST /sync/accept-preview': { response: AcceptPreviewAnswer };
}
