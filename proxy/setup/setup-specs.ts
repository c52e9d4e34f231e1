/** @module The components the setup creates: the external id field, a field for a mapped CRM property, the CRM salesforce_id property. */
import type { CrmPropertySpec } from '../crm/hubspot/create-property';
import type { CrmObjectType, CrmPropertyDefinition } from '../crm/types';
import type { CustomFieldSpec } from '../salesforce/setup-client';
import { SALESFORCE_ID_PROPERTY } from '../sync/default-mapping';

const GROUP: Record<CrmObjectType, string> = {
  contacts: 'contactinformation',
  companies: 'companyinformation',
  deals: 'dealinformation',
};

export const externalIdSpec = (fullName: string): CustomFieldSpec => ({
  fullName,
  label: 'HubSpot Id',
  type: 'Text',
  length: 32,
  externalId: true,
  unique: true,
  description: 'The HubSpot record id, kept by Sync Health: upserts on it never duplicate a record.',
});

/** A Salesforce field for a mapped CRM property, typed after the property. */
export function fieldSpecFor(fullName: string, prop: CrmPropertyDefinition): CustomFieldSpec | null {
  const label = prop.label || prop.name;
  switch (prop.type) {
    case 'enumeration': {
      const options = (prop.options ?? []).filter((o) => !o.hidden);
      if (!options.length) return null;
      return {
        fullName,
        label,
        type: 'Picklist',
        valueSet: {
          restricted: true,
          valueSetDefinition: {
            sorted: false,
            value: options.map((o) => ({ fullName: o.value, default: false, label: o.label })),
          },
        },
      };
    }
    case 'number':
      return { fullName, label, type: 'Number', precision: 18, scale: 2 };
    case 'bool':
      return { fullName, label, type: 'Checkbox' };
    case 'date':
      return { fullName, label, type: 'Date' };
    case 'datetime':
      return { fullName, label, type: 'DateTime' };
    default:
      return { fullName, label, type: 'Text', length: 255 };
  }
}

/** The CRM property that keeps the Salesforce id: unique, so batch upserts can key on it. */
export const salesforceIdPropertySpec = (type: CrmObjectType): CrmPropertySpec => ({
  name: SALESFORCE_ID_PROPERTY,
  label: 'Salesforce ID',
  type: 'string',
  fieldType: 'text',
  groupName: GROUP[type],
  description: 'The Salesforce record id, kept by Sync Health.',
  hasUniqueValue: true,
});
