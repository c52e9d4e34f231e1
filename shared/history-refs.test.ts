import { describe, expect, it } from 'vitest';
import { findHistoryRefs } from './history-refs';

const CONTACT = '0035j00011k6K0MAAU';
const LEAD = '00Q5j000L4k5c7HEIQ';

describe('findHistoryRefs finds the records a history line names by id', () => {
  it('finds a Salesforce record named with its object', () => {
    const text = `merged in Salesforce into Contact ${CONTACT}: the sync follows the surviving record`;
    const [ref] = findHistoryRefs(text);
    expect(ref).toMatchObject({ system: 'salesforce', object: 'Contact', id: CONTACT });
    expect(text.slice(ref!.start, ref!.end)).toBe(`Contact ${CONTACT}`);
  });

  it('finds both records of a conversion, and a bare id by its key prefix', () => {
    const refs = findHistoryRefs(`converted in Salesforce: Lead ${LEAD} became Contact ${CONTACT}`);
    expect(refs.map((r) => [r.object, r.id])).toEqual([
      ['Lead', LEAD],
      ['Contact', CONTACT],
    ]);
    expect(findHistoryRefs(`merged in Salesforce into ${CONTACT}`)[0]?.object).toBe('Contact');
  });

  it('finds a HubSpot record in the lowercase API words older lines use, with the name the line quotes', () => {
    const text = 'associated in the CRM with "Acme Corp" (companies 21100)';
    const [ref] = findHistoryRefs(text);
    expect(ref).toMatchObject({
      system: 'hubspot',
      object: 'companies',
      id: '21100',
      quotedName: 'Acme Corp',
    });
    expect(text.slice(ref!.start)).toBe('"Acme Corp" (companies 21100)');
    expect(findHistoryRefs('merged in the CRM into contacts 901')[0]).toMatchObject({
      id: '901',
      quotedName: null,
    });
  });

  it('takes no ordinary word for an id', () => {
    expect(findHistoryRefs('updated from Salesforce: Opportunities and MailingPostalCode')).toEqual([]);
    expect(findHistoryRefs('created in Salesforce')).toEqual([]);
  });

  it("finds a HubSpot record named without its object when the line's own object is given", () => {
    const text = `merged in Salesforce into Contact ${CONTACT}, which syncs with CRM record 51: this record is no longer synced`;
    expect(findHistoryRefs(text, 'contacts').map((r) => [r.system, r.object, r.id])).toEqual([
      ['salesforce', 'Contact', CONTACT],
      ['hubspot', 'contacts', '51'],
    ]);
    const merged = 'merged in the CRM into 51';
    const [ref] = findHistoryRefs(merged, 'contacts');
    expect(merged.slice(ref!.start, ref!.end)).toBe('51');
    expect(findHistoryRefs(merged)).toEqual([]);
  });
});
