/** @module The inclusion list setting: sync only the CRM contacts of one HubSpot list. */
import { z } from 'zod';

export const inclusionListBodySchema = z
  .object({
    /** A HubSpot list id of contacts, or null to sync every contact. */
    listId: z.string().regex(/^\d+$/, 'a HubSpot list id is a number, e.g. "12"').nullable(),
  })
  .strict();

export interface InclusionListChoice {
  id: string;
  name: string;
  /** How many records the list holds. */
  size: number;
  /** MANUAL (static) or DYNAMIC (active, by filters). */
  processingType: string;
}

export interface InclusionListAnswer {
  /** The list in use, or null when every contact syncs. A list deleted in HubSpot shows with `missing`. */
  selected: (InclusionListChoice & { missing?: boolean }) | null;
  /** The portal's contact lists to choose from. */
  lists: InclusionListChoice[];
  /** What the setting means now, in an admin's words. */
  message: string;
}

export interface InclusionListApi {
  'GET /settings/inclusion-list': { response: InclusionListAnswer };
  'PUT /settings/inclusion-list': {
    body: z.input<typeof inclusionListBodySchema>;
    response: InclusionListAnswer;
  };
}
