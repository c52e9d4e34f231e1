import { describe, expect, it } from 'vitest';
import {
  BULK_GUESS_RECORDS_PER_SECOND,
  bulkCsvParts,
  type JobInfo,
  parseBulkError,
  pollUntilFinished,
  toBulkCsv,
} from './bulk-jobs';

describe('parseBulkError', () => {
  it.each([
    [
      'REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --',
      {
        code: 'REQUIRED_FIELD_MISSING',
        message: 'Required fields are missing: [LastName]',
        fields: ['LastName'],
      },
    ],
    [
      'DUPLICATES_DETECTED:Use one of these records?: --',
      { code: 'DUPLICATES_DETECTED', message: 'Use one of these records?', fields: [] },
    ],
    [
      'INVALID_EMAIL_ADDRESS:Email: invalid email address: a:b:Email --',
      { code: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: a:b', fields: ['Email'] },
    ],
    ['UNKNOWN_EXCEPTION', { code: 'UNKNOWN_EXCEPTION', message: 'UNKNOWN_EXCEPTION', fields: [] }],
  ])('reads %s into code, message and fields', (text, expected) => {
    expect(parseBulkError(text)).toEqual(expected);
  });
});

describe('toBulkCsv', () => {
  it('writes null as #N/A (clear the value) and a missing value as empty (leave it)', () => {
    expect(toBulkCsv([{ A: 'x, y', B: null }, { A: 'z' }])).toBe('A,B\n"x, y",#N/A\nz,\n');
  });
});

describe('bulkCsvParts', () => {
  const records = Array.from({ length: 10 }, (_, i) => ({ HubSpot_Id__c: String(i), LastName: `Name ${i}` }));

  it('keeps every record in one upload when the CSV fits', () => {
    const parts = bulkCsvParts(records);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ start: 0, count: 10 });
    expect(parts[0].csv).toBe(toBulkCsv(records));
  });

  it('splits the records into uploads of at most the byte limit, each with the header, none lost', () => {
    const parts = bulkCsvParts(records, 60);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(Buffer.byteLength(p.csv)).toBeLessThanOrEqual(60);
      expect(p.csv.startsWith('HubSpot_Id__c,LastName\n')).toBe(true);
    }
    expect(parts.map((p) => p.start)).toEqual(
      parts.map((_, i) => parts.slice(0, i).reduce((n, p) => n + p.count, 0)),
    );
    const rows = parts.flatMap((p) => p.csv.trim().split('\n').slice(1));
    expect(rows).toEqual(toBulkCsv(records).trim().split('\n').slice(1));
  });
});

describe('pollUntilFinished', () => {
  /** A job Salesforce works through at `rate` records a second, in internal batches of 10,000. */
  function simulatedJob(records: number, rate: number) {
    let now = 0;
    let checks = 0;
    const sleep = async (ms: number) => {
      now += ms;
    };
    const check = async (): Promise<JobInfo> => {
      checks++;
      const processed = Math.min(records, Math.floor((now / 1000) * rate));
      if (processed >= records)
        return { id: '750x', state: 'JobComplete', numberRecordsProcessed: records, numberRecordsFailed: 0 };
      return {
        id: '750x',
        state: 'InProgress',
        numberRecordsProcessed: processed - (processed % 10_000),
        numberRecordsFailed: 0,
      };
    };
    return { sleep, check, checks: () => checks, now: () => now };
  }

  it.each([
    [12_000, 2_000],
    [12_000, 50_000],
    [200_000, 3_000],
    [200_000, 20_000],
    [500_000, 1_000],
    [1_000_000, 1_000],
    [1_000_000, 2_000],
    [1_000_000, 30_000],
  ])('checks a job of %i records processed at %i a second at most 4 times', async (records, rate) => {
    const job = simulatedJob(records, rate);
    const info = await pollUntilFinished(job.check, records, { pollMs: [250, 5000], sleep: job.sleep });
    expect(info.state).toBe('JobComplete');
    expect(job.checks()).toBeLessThanOrEqual(4);
    // Not much later than the job was done: at most half its time again, or the first guess's wait.
    const doneAt = (records / rate) * 1000;
    expect(job.now()).toBeLessThanOrEqual(
      Math.max(doneAt * 1.5, (records / BULK_GUESS_RECORDS_PER_SECOND) * 1000) + 250,
    );
  });

  it('starts a job of unknown size (a query) at the shortest wait and doubles it', async () => {
    const waits: number[] = [];
    let left = 3;
    const info = await pollUntilFinished(
      async () => ({ id: '750q', state: --left > 0 ? 'InProgress' : 'JobComplete' }),
      0,
      {
        pollMs: [250, 5000],
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    );
    expect(info.state).toBe('JobComplete');
    expect(waits).toEqual([250, 500, 1000]);
  });
});
