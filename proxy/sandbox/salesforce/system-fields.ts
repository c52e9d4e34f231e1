/** @module Fields every record carries, maintained by the platform and never writable through the API. */
import type { FieldDef } from './org-definition';

const userLookup = (name: string, label: string, relationshipName: string, system: boolean): FieldDef => ({
  name,
  label,
  type: 'reference',
  nillable: false,
  referenceTo: ['User'],
  relationshipName,
  system,
});

/** The audit fields (Id, dates, IsDeleted, creator) and, on owned objects, a writable OwnerId. */
export function systemFields(owned: boolean): FieldDef[] {
  const fields: FieldDef[] = [
    { name: 'Id', label: 'Record ID', type: 'id', length: 18, nillable: false, system: true },
    { name: 'IsDeleted', label: 'Deleted', type: 'boolean', nillable: false, system: true },
    { name: 'CreatedDate', label: 'Created Date', type: 'datetime', nillable: false, system: true },
    userLookup('CreatedById', 'Created By ID', 'CreatedBy', true),
    {
      name: 'LastModifiedDate',
      label: 'Last Modified Date',
      type: 'datetime',
      nillable: false,
      system: true,
    },
    userLookup('LastModifiedById', 'Last Modified By ID', 'LastModifiedBy', true),
    { name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime', nillable: false, system: true },
  ];
  // OwnerId is required but defaulted to the running user on create.
  if (owned) fields.push({ ...userLookup('OwnerId', 'Owner ID', 'Owner', false), defaultValue: null });
  return fields;
}

/** Fields set by the platform on every save, reported as not createable/updateable. */
export const AUDIT_FIELDS = [
  'Id',
  'IsDeleted',
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp',
];
