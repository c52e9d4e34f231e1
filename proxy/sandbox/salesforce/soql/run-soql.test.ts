import { beforeEach, describe, expect, it } from 'vitest';
import { demoOrgDefinition } from '../demo-org';
import { insertDirect } from '../direct-writes';
import { emptyState, type OrgState } from '../org-state';
import { beginTransaction } from '../record-table';
import { runSoql } from './run-soql';

const NOW = Date.UTC(2026, 10, 28, 12);
const urlOf = (type: string, id: string) => `/services/data/v62.0/sobjects/${type}/${id}`;

describe('runSoql', () => {
  let state: OrgState;
  const run = (soql: string, includeDeleted = false) =>
    runSoql(state.org, beginTransaction(state), soql, { includeDeleted, urlOf });
  const names = (soql: string) => run(soql).records.map((r) => r.Name);
  const errorOf = (soql: string) => {
    try {
      run(soql);
    } catch (e) {
      return e as { errorCode: string; message: string };
    }
    throw new Error(`expected "${soql}" to fail`);
  };

  beforeEach(() => {
    state = emptyState(demoOrgDefinition(), 100);
    const acme = insertDirect(state, NOW, 'Account', { Name: '100% Acme', Industry: 'Retail' });
    insertDirect(state, NOW, 'Account', { Name: 'Secret', Industry: 'Retail' }, { hidden: true });
    insertDirect(state, NOW, 'Account', { Name: 'Beta' });
    insertDirect(state, NOW, 'Contact', { FirstName: 'Ann', LastName: 'Lee', AccountId: acme.Id });
  });

  it('leaves out records hidden from the integration user', () => {
    expect(names("SELECT Name FROM Account WHERE Industry = 'Retail'")).toEqual(['100% Acme']);
  });

  it('computes the compound Name of a contact', () => {
    expect(names('SELECT Name FROM Contact')).toEqual(['Ann Lee']);
  });

  it('matches an escaped % literally in LIKE', () => {
    expect(names("SELECT Name FROM Account WHERE Name LIKE '100\\%%'")).toEqual(['100% Acme']);
    expect(names("SELECT Name FROM Account WHERE Name LIKE '1000\\%%'")).toEqual([]);
  });

  it('nests parent fields under the relationship name with their own attributes', () => {
    const [row] = run('SELECT Account.Name, Account.Industry FROM Contact').records;
    expect(row.Account).toEqual({
      attributes: { type: 'Account', url: expect.stringContaining('/sobjects/Account/001') },
      Name: '100% Acme',
      Industry: 'Retail',
    });
  });

  it('returns canonical field names whatever case the query used', () => {
    const [row] = run("SELECT name, INDUSTRY FROM account WHERE name = '100% ACME'").records;
    expect(Object.keys(row)).toEqual(['attributes', 'Name', 'Industry']);
  });

  it('rejects a field selected twice', () => {
    expect(errorOf('SELECT Name, name FROM Account').message).toContain('duplicate field selected: Name');
  });

  it('rejects an OFFSET above 2000', () => {
    expect(errorOf('SELECT Id FROM Account OFFSET 2001').errorCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
  });

  it('rejects a malformed id in a filter', () => {
    const error = errorOf("SELECT Id FROM Account WHERE Id = 'nope'");
    expect(error.errorCode).toBe('INVALID_QUERY_FILTER_OPERATOR');
    expect(error.message).toContain('invalid ID field: nope');
  });

  it('rejects an unknown relationship', () => {
    expect(errorOf('SELECT Parent.Name FROM Contact').message).toContain(
      "Didn't understand relationship 'Parent'",
    );
  });

  it.each([
    ["SELECT Id FROM Account WHERE CreatedDate > '2026-01-01'", 'dateTime'],
    ['SELECT Id FROM Opportunity WHERE CloseDate > 2026-01-01T00:00:00Z', 'date'],
    ["SELECT Id FROM Account WHERE IsDeleted = 'false'", 'boolean'],
    ['SELECT Id FROM Account WHERE Name = 5', 'string'],
  ])('rejects a literal of the wrong type: %s', (soql, type) => {
    expect(errorOf(soql).message).toContain(`must be of type ${type}`);
  });

  it('shows deleted records only with includeDeleted (queryAll)', () => {
    const beta = Object.values(state.records.Account).find((r) => r.Name === 'Beta')!;
    state.records.Account[beta.Id] = { ...beta, IsDeleted: true };
    expect(run('SELECT Name FROM Account').records.map((r) => r.Name)).not.toContain('Beta');
    expect(run('SELECT Name FROM Account', true).records.map((r) => r.Name)).toContain('Beta');
  });

  it('pages with "Id > last" after ORDER BY Id without skipping or repeating a row', () => {
    for (let i = 0; i < 3000; i++) insertDirect(state, NOW, 'Account', { Name: `Paged ${i}` });
    const all = run("SELECT Id FROM Account WHERE Name LIKE 'Paged %' ORDER BY Id").records.map((r) => r.Id);
    const seen: unknown[] = [];
    for (let last = ''; ; ) {
      const where = last ? ` AND Id > '${last}'` : '';
      const page = run(
        `SELECT Id FROM Account WHERE Name LIKE 'Paged %'${where} ORDER BY Id LIMIT 500`,
      ).records;
      if (!page.length) break;
      seen.push(...page.map((r) => r.Id));
      last = String(page[page.length - 1].Id);
    }
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(3000);
  });

  it('matches emails in an IN list whatever their case, as Salesforce compares text', () => {
    insertDirect(state, NOW, 'Contact', { LastName: 'Case', Email: 'Ada.Lovelace@Example.ORG' });
    const rows = run("SELECT Email FROM Contact WHERE Email IN ('x@y.example', 'ada.lovelace@example.org')");
    expect(rows.records.map((r) => r.Email)).toEqual(['Ada.Lovelace@Example.ORG']);
  });

  it('reads escaped quotes and backslashes in literals, and escaped wildcards in LIKE', () => {
    insertDirect(state, NOW, 'Account', {
      Name: "O'Brien \\ Sons",
      Website: 'https://www.under_score.example',
    });
    insertDirect(state, NOW, 'Account', { Name: 'Decoy', Website: 'https://www.underxscore.example' });
    expect(names("SELECT Name FROM Account WHERE Name IN ('O\\'Brien \\\\ Sons')")).toEqual([
      "O'Brien \\ Sons",
    ]);
    expect(names("SELECT Name FROM Account WHERE Website LIKE '%under\\_score.example%'")).toEqual([
      "O'Brien \\ Sons",
    ]);
  });
});
