import { describe, expect, it } from 'vitest';
import { callKindOf } from './call-kinds';

describe('callKindOf', () => {
  it.each([
    ['GET v62.0/query', 'read'],
    ['GET Contact/describe', 'describe'],
    ['PATCH Contact/HubSpot_Id__c', 'write'],
    ['PATCH sobjects/Contact', 'write'],
    ['POST v62.0/composite', 'composite'],
    ['POST jobs/ingest', 'bulk'],
    ['PUT 750xx0000000001/batches', 'bulk'],
    ['PATCH ingest/750xx0000000001', 'bulk'],
    ['GET v62.0/limits', 'other'],
  ])('names %s a %s call', (request, kind) => {
    expect(callKindOf(request)).toBe(kind);
  });
});
