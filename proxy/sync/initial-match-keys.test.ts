import { describe, expect, it } from 'vitest';
import { soqlString } from '../salesforce/soql';
import { DEFAULT_MAPPINGS } from './default-mapping';
import { chunkKeys, MATCH_KEYS_PER_QUERY } from './initial-match';
import { hostOf, matchKeys, normalizeKey } from './initial-match-keys';

describe('match keys', () => {
  it.each([
    ['https://www.Acme.example/about', 'acme.example'],
    ['http://acme.example:8080', 'acme.example'],
    ['acme.example', 'acme.example'],
    ['WWW.acme.example.', 'acme.example'],
    ['not a host', null],
    ['', null],
  ])('reads the website host of %j as %j', (value, host) => {
    expect(hostOf(value)).toBe(host);
  });

  it('compares emails and names in lower case and refuses an email without @', () => {
    expect(normalizeKey('email', ' Ada@Example.ORG ')).toBe('ada@example.org');
    expect(normalizeKey('email', 'ada.example.org')).toBeNull();
    expect(normalizeKey('name', 'Acme  Ltd')).toBe('acme  ltd');
    expect(normalizeKey('name', null)).toBeNull();
  });

  it('matches contacts by email and accounts by host then name, and deals not at all', () => {
    const keys = (crmType: string) =>
      matchKeys(DEFAULT_MAPPINGS.find((m) => m.crmType === crmType) as (typeof DEFAULT_MAPPINGS)[0]).map(
        (k) => `${k.kind}:${k.crm}→${k.sf}`,
      );
    expect(keys('contacts')).toEqual(['email:email→Email']);
    expect(keys('companies')).toEqual(['domain:domain→Website', 'name:name→Name']);
    expect(keys('deals')).toEqual([]);
  });
});

describe('matching query batches', () => {
  it('cuts keys into queries of at most 200, and shorter when the values are long', () => {
    const render = (c: string[]) => `SELECT Id FROM Contact WHERE Email IN (${c.map(soqlString).join(', ')})`;
    const short = Array.from({ length: 450 }, (_, i) => `p${i}@x.example`);
    expect(chunkKeys(short, render).map((c) => c.length)).toEqual([200, 200, 50]);
    const long = Array.from({ length: 200 }, (_, i) => `${'x'.repeat(200)}${i}@x.example`);
    const chunks = chunkKeys(long, render);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toEqual(long);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(MATCH_KEYS_PER_QUERY);
      expect(encodeURIComponent(render(c)).length).toBeLessThanOrEqual(15_500);
    }
  });
});
