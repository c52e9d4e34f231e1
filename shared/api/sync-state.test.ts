import { describe, expect, it } from 'vitest';
import { type SalesforceChanges, salesforceChangesLine } from './sync-state';

const polled = (object: string, kind: SalesforceChanges['polled'][number]['kind']) => ({
  object,
  kind,
  reason: 'words',
});

describe('the panel line saying how Salesforce changes arrive', () => {
  it('says live when every mapped object arrives by change events', () => {
    expect(
      salesforceChangesLine({
        mode: 'events',
        streamed: ['Account', 'Contact'],
        polled: [],
        pollFloorMinutes: 1,
        pollCeilingMinutes: 15,
      }),
    ).toBe('Salesforce changes: live (change events)');
  });

  it('says how often Salesforce is checked and which objects have no change events in the org', () => {
    expect(
      salesforceChangesLine({
        mode: 'polling',
        streamed: [],
        polled: [polled('Account', 'not-enabled'), polled('Contact', 'not-enabled')],
        pollFloorMinutes: 1,
        pollCeilingMinutes: 15,
      }),
    ).toBe(
      'Salesforce changes: checked every 1–15 minutes (change events are not enabled for Account and Contact in this org)',
    );
  });

  it('names the live objects and the polled ones, with a fixed interval in the singular when it is one minute', () => {
    expect(
      salesforceChangesLine({
        mode: 'mixed',
        streamed: ['Account', 'Contact'],
        polled: [polled('Opportunity', 'stopped')],
        pollFloorMinutes: 1,
        pollCeilingMinutes: 1,
      }),
    ).toBe(
      'Salesforce changes: live for Account and Contact; Opportunity checked every 1 minute (change events stopped for Opportunity)',
    );
  });

  it("says what stopped each object's change events, once per cause, without the Streaming API's code", () => {
    const stopped = (object: string, cause: string) => ({ ...polled(object, 'stopped'), cause });
    const expired = 'Salesforce refused the streaming session (401::Authentication invalid)';
    expect(
      salesforceChangesLine({
        mode: 'mixed',
        streamed: ['Opportunity'],
        polled: [
          stopped('Account', expired),
          stopped('Contact', expired),
          stopped('Lead', 'no answer from Salesforce on the streaming connection'),
        ],
        pollFloorMinutes: 1,
        pollCeilingMinutes: 15,
      }),
    ).toBe(
      'Salesforce changes: live for Opportunity; Account, Contact, Lead checked every 1–15 minutes (change events stopped for Account and Contact: Salesforce refused the streaming session; change events stopped for Lead: no answer from Salesforce on the streaming connection)',
    );
  });
});
