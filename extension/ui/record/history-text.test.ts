import { describe, expect, it } from 'vitest';
import { historyDetail, historyOutcomeParts, historyText } from './history-text';

describe('historyText', () => {
  it('names a failure by its category label', () => {
    expect(historyText({ action: 'preflight', outcome: 'failed: picklists' })).toEqual({
      action: 'Checked before sending to Salesforce',
      outcome: 'failed (Picklists error)',
      failed: true,
    });
    expect(historyText({ action: 'upsert', outcome: 'failed: custom-code' }).outcome).toBe(
      'failed (Custom code error)',
    );
  });

  it('says a transient failure was retried, not that the record failed', () => {
    expect(historyText({ action: 'upsert', outcome: 'transient: UNABLE_TO_LOCK_ROW, retrying' })).toEqual({
      action: 'Sent to Salesforce',
      outcome: 'a passing failure (the record was locked by another update), retried on its own',
      failed: false,
    });
  });

  it.each([
    ['match', 'Matched in Salesforce'],
    ['converted', 'Lead converted'],
    ['merged', 'Merged'],
    ['excluded', 'Inclusion list'],
  ])('names the %s step in words, not by its code', (action, words) => {
    expect(historyText({ action, outcome: 'linked to the existing Salesforce Contact' }).action).toBe(words);
  });

  it.each([
    [
      'deleted in Salesforce (Contact 003A): archived in the CRM too, as the record rules say',
      'deleted in Salesforce (Contact 003A): archived in HubSpot too, as the record rules say',
    ],
    [
      'deleted in Salesforce (Contact 003A): the CRM record is kept and no longer synced',
      'deleted in Salesforce (Contact 003A): the HubSpot record is kept and no longer synced',
    ],
    [
      'merged in Salesforce into Contact 003B, which syncs with CRM record 51: this record is no longer synced',
      'merged in Salesforce into Contact 003B, which syncs with HubSpot record 51: this record is no longer synced',
    ],
    ['merged in the CRM into 51', 'merged in HubSpot into 51'],
  ])('names HubSpot where the proxy says "the CRM": %s', (outcome, words) => {
    expect(historyText({ action: 'deleted', outcome }).outcome).toBe(words);
  });

  it('keeps outcomes that are already sentences, and actions it does not know, as they are', () => {
    expect(
      historyText({ action: 'crm-update', outcome: 'updated from Salesforce: Mobile Phone, Title' }),
    ).toEqual({
      action: 'Written to HubSpot',
      outcome: 'updated from Salesforce: Mobile Phone, Title',
      failed: false,
    });
    expect(historyText({ action: 'merge', outcome: 'failed: something-new' })).toEqual({
      action: 'merge',
      outcome: 'failed (something-new error)',
      failed: true,
    });
  });

  it('names who asked for a resync on a shared server, and the side panel when nobody is named', () => {
    expect(historyText({ action: 'resync', outcome: 'requested', actor: 'ada@example.com' })).toEqual({
      action: 'Resynced by ada@example.com',
      outcome: 'asked',
      failed: false,
    });
    expect(historyText({ action: 'resync', outcome: 'requested' }).action).toBe(
      'Resynced from the side panel',
    );
  });
});

describe('historyDetail', () => {
  it.each([
    ['00Q5j000L4k5c7HEIQ', null],
    ['003000000000001', null],
    ['', null],
    [undefined, null],
    ['Owner is inactive', 'Owner is inactive'],
    ['HubSpotRecord', 'HubSpotRecord'],
    ['Use one of these records?', 'a duplicate rule matched an existing Salesforce record'],
  ])('shows %j as %j: a bare Salesforce id is left out, words are kept', (detail, shown) => {
    expect(historyDetail(detail)).toBe(shown);
  });
});

describe('historyOutcomeParts', () => {
  const CONTACT = '0035j00011k6K0MAAU';
  const LEAD = '00Q5j000L4k5c7HEIQ';
  const url = `https://org.lightning.force.com/lightning/r/Contact/${CONTACT}/view`;

  it('shows a Salesforce record a line names by id by its name, linked, with the id kept for hover', () => {
    const parts = historyOutcomeParts({
      action: 'merged',
      outcome: `merged in Salesforce into Contact ${CONTACT}: the sync follows the surviving record`,
      records: [{ system: 'salesforce', id: CONTACT, name: 'ada@example.com', url }],
    });
    expect(parts).toEqual([
      { text: 'merged in Salesforce into ' },
      { record: { text: 'Contact "ada@example.com"', url, id: CONTACT } },
      { text: ': the sync follows the surviving record' },
    ]);
  });

  it('names both records of a conversion, and an unknown one by its object, never by its id', () => {
    const parts = historyOutcomeParts({
      action: 'converted',
      outcome: `converted in Salesforce: Lead ${LEAD} became Contact ${CONTACT}; the sync follows the Contact`,
      records: [
        { system: 'salesforce', id: LEAD, name: null, url: null },
        { system: 'salesforce', id: CONTACT, name: 'Ada Lovelace', url },
      ],
    });
    const line = parts.map((p) => ('text' in p ? p.text : p.record.text)).join('');
    expect(line).toBe(
      'converted in Salesforce: a Lead became Contact "Ada Lovelace"; the sync follows the Contact',
    );
    expect(line).not.toContain(LEAD);
  });

  it('reads an older line written with lowercase API names in the same words', () => {
    const parts = historyOutcomeParts(
      { action: 'crm-associate', outcome: 'associated in the CRM with "Acme Corp" (companies 21100)' },
      'contacts',
    );
    expect(parts.map((p) => ('text' in p ? p.text : p.record.text)).join('')).toBe(
      'associated in HubSpot with company "Acme Corp"',
    );
    expect(
      historyOutcomeParts({
        action: 'crm-update',
        outcome: 'updated from Salesforce: MobilePhone, Customer_Tier__c',
      }),
    ).toEqual([{ text: 'updated from Salesforce: Mobile Phone, Customer Tier' }]);
    expect(
      historyOutcomeParts({
        action: 'crm-update',
        outcome: 'salesforce_id not written: the CRM returned no result',
      }),
    ).toEqual([{ text: 'the Salesforce ID property not written: HubSpot returned no result' }]);
  });

  it('keeps failures and passing failures in their own words', () => {
    expect(historyOutcomeParts({ action: 'upsert', outcome: 'failed: picklists' })).toEqual([
      { text: 'failed (Picklists error)' },
    ]);
  });
});

describe('historyDetail of a custom-code failure', () => {
  it("shows the flow's name and its author's message, not Salesforce's wrapping", () => {
    const flow =
      'We can\'t save this record because the "Contact Onboarding" process failed. Give your Salesforce admin these details. This error occurred when the flow tried to create records: Interns are onboarded by HR, not through the integration.';
    expect(historyDetail(flow)).toBe(
      'the flow or process "Contact Onboarding": Interns are onboarded by HR, not through the integration.',
    );
  });

  it("shows the trigger's name and message without the Apex exception and line", () => {
    const apex =
      'AccountTrigger: execution of BeforeInsert caused by: System.DmlException: Insert failed. First exception on row 0; first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, Test accounts are not allowed: []: Trigger.AccountTrigger: line 12, column 1';
    const shown = historyDetail(apex);
    expect(shown).toBe('the Apex trigger "AccountTrigger": Test accounts are not allowed');
  });
});
