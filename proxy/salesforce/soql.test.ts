import { describe, expect, it } from 'vitest';
import { parseSoql } from '../sandbox/salesforce/soql/parse-soql';
import {
  SoqlBuildError,
  soql,
  soqlContains,
  soqlDateTime,
  soqlId,
  soqlIdList,
  soqlName,
  soqlSchema,
  soqlString,
} from './soql';

const contact = {
  name: 'Contact',
  fields: [
    { name: 'Id' },
    { name: 'LastName' },
    { name: 'Email' },
    { name: 'HubSpot_Id__c' },
    { name: 'AccountId', relationshipName: 'Account' },
  ],
};

describe('SOQL string literals', () => {
  it.each([
    ['plain', 'Acme', "'Acme'"],
    ['a single quote', "O'Brien", "'O\\'Brien'"],
    ['a quote that tries to end the literal', "x' OR Name != '", "'x\\' OR Name != \\''"],
    ['a backslash', 'C:\\temp', "'C:\\\\temp'"],
    ['a backslash before a quote', "\\'", "'\\\\\\''"],
    ['a double quote', 'say "hi"', '\'say \\"hi\\"\''],
    ['new line, return, tab', 'a\nb\rc\td', "'a\\nb\\rc\\td'"],
    ['backspace and form feed', 'a\bb\fc', "'a\\bb\\fc'"],
    ['a NUL and another control character', 'a\u0000b\u001bc', "'a\\u0000b\\u001bc'"],
    ['accents and CJK, kept as they are', 'Müller 東京', "'Müller 東京'"],
    ['an emoji (outside the BMP)', 'Rocket 🚀', "'Rocket 🚀'"],
    ['LIKE wildcards, which are literal outside LIKE', '100%_off', "'100%_off'"],
  ])('writes %s as a literal', (_what, value, expected) => {
    expect(soqlString(value)).toBe(expected);
  });

  it.each([
    ["O'Brien"],
    ['C:\\temp\\'],
    ["\\'; DELETE"],
    ['line\nbreak\r\n\ttab'],
    ['Müller 東京 🚀'],
    ['x\u0000y'],
  ])('the sandbox org reads %j back as the same value', (value) => {
    const q = parseSoql(soql`SELECT Id FROM Contact WHERE LastName = ${value}`.text);
    expect(q.where).toMatchObject({ value: { kind: 'string', value } });
  });
});

describe('the soql template', () => {
  it('puts checked identifiers and escaped values where they belong', () => {
    const on = soqlSchema(contact);
    const q = soql`SELECT ${on.fields(['Id', 'Email', 'Account.Name'])} FROM ${on.object} WHERE Email = ${"o'brien@x.example"} AND HubSpot_Id__c != ${null} LIMIT ${200}`;
    expect(q.text).toBe(
      "SELECT Id, Email, Account.Name FROM Contact WHERE Email = 'o\\'brien@x.example' AND HubSpot_Id__c != null LIMIT 200",
    );
  });

  it('keeps nested parts as they are and writes each field once', () => {
    const on = soqlSchema(contact);
    const cond = soql`Id > ${'003000000000001AAA'}`;
    expect(soql`SELECT ${on.fields(['Id', 'id', 'Email'])} FROM ${on.object} WHERE ${cond}`.text).toBe(
      "SELECT Id, Email FROM Contact WHERE Id > '003000000000001AAA'",
    );
  });

  it.each([
    [
      'a field the describe does not list',
      'Secret__c',
      'Contact has no field "Secret__c" the integration user can see',
    ],
    [
      'an injection in a field name',
      'Id FROM User --',
      'Contact has no field "Id FROM User --" the integration user can see',
    ],
    [
      'a relationship the object does not have',
      'Owner.Name',
      'Contact has no relationship field "Owner.Name"',
    ],
    [
      'a relationship field that is not a name',
      'Account.Name, Id',
      'Contact has no relationship field "Account.Name, Id"',
    ],
  ])('refuses %s', (_what, field, message) => {
    expect(() => soqlSchema(contact).fields([field])).toThrow(new SoqlBuildError(message));
  });

  it('refuses an object name that is not an identifier', () => {
    expect(() => soqlSchema({ name: 'Contact WHERE', fields: [] })).toThrow(SoqlBuildError);
  });

  it('takes only real record ids in id lists', () => {
    expect(soqlIdList(['003000000000001', '003000000000002AAA']).text).toBe(
      "('003000000000001','003000000000002AAA')",
    );
    expect(() => soqlId("003') OR Id != ('")).toThrow('is not a Salesforce record id');
    expect(() => soqlIdList([])).toThrow('IN needs at least one id');
  });

  it('takes only UTC dateTimes', () => {
    expect(soqlDateTime('2026-11-28T12:00:00.123Z').text).toBe('2026-11-28T12:00:00.123Z');
    expect(() => soqlDateTime('2026-11-28 OR Id != null')).toThrow(SoqlBuildError);
  });

  it('refuses a number SOQL cannot take', () => {
    expect(() => soql`LIMIT ${Number.NaN}`).toThrow(SoqlBuildError);
  });
});

describe('LIKE patterns that find a value anywhere', () => {
  it.each([
    ['a plain host', 'acme.example', "'%acme.example%'"],
    ['an underscore and a percent sign, which match only themselves', 'under_score%', "'%under\\_score\\%%'"],
    ['a backslash before an underscore', 'a\\_', "'%a\\\\\\_%'"],
    ['a quote', "o'brien", "'%o\\'brien%'"],
  ])('writes %s as a pattern', (_what, value, expected) => {
    expect(soqlContains(value).text).toBe(expected);
  });

  it("the sandbox org reads the pattern back with the value's wildcards still escaped", () => {
    const q = parseSoql(soql`SELECT Id FROM Account WHERE Website LIKE ${soqlContains('a_b.example')}`.text);
    expect(q.where).toMatchObject({ type: 'like', pattern: { kind: 'string', value: '%a\\_b.example%' } });
  });

  it('takes a known field name and refuses one that would change the query', () => {
    expect(soql`SELECT Id FROM ${soqlName('Account')} WHERE ${soqlName('Website')} = null`.text).toBe(
      'SELECT Id FROM Account WHERE Website = null',
    );
    expect(() => soqlName('Name = null OR Id')).toThrow(SoqlBuildError);
  });
});
