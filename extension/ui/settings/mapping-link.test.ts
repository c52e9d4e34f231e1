import { describe, expect, it } from 'vitest';
import { mappingTargetOf } from './mapping-link';

describe('mappingTargetOf: the mapping row an error links to (errors table and This record)', () => {
  it('points a Property mappings error that names its field at that row', () => {
    expect(mappingTargetOf({ category: 'property-mappings', crmType: 'contacts', field: 'Title' })).toEqual({
      crmType: 'contacts',
      field: 'Title',
    });
  });

  it.each([
    ['another category', { category: 'picklists', crmType: 'contacts', field: 'LeadSource' }],
    [
      'a Property mappings error without a field',
      { category: 'property-mappings', crmType: 'deals', field: null },
    ],
  ])('links nowhere for %s', (_, item) => {
    expect(mappingTargetOf(item)).toBeNull();
  });
});
