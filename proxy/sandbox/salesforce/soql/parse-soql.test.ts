import { describe, expect, it } from 'vitest';
import { parseSoql } from './parse-soql';
import type { SoqlError } from './soql-error';

const errorOf = (soql: string) => {
  try {
    parseSoql(soql);
  } catch (e) {
    return e as SoqlError;
  }
  throw new Error(`expected "${soql}" to be rejected`);
};

describe('parseSoql', () => {
  it('reads a field list with a parent relationship path', () => {
    const q = parseSoql('SELECT Id, Account.Name FROM Contact');
    expect(q.select).toEqual([
      { path: ['Id'], pos: 7 },
      { path: ['Account', 'Name'], pos: 11 },
    ]);
    expect(q.from).toEqual({ name: 'Contact', pos: 29 });
  });

  it('reads keywords in any case', () => {
    const q = parseSoql('select id from account where name = null order by name desc limit 5 offset 2');
    expect(q.limit).toBe(5);
    expect(q.offset).toBe(2);
    expect(q.orderBy).toEqual([{ field: { path: ['name'], pos: 50 }, descending: true, nullsLast: true }]);
  });

  it('reads COUNT() as a count query', () => {
    expect(parseSoql('SELECT COUNT() FROM Lead').select).toBe('count');
  });

  it('gives AND precedence over OR and honours parentheses', () => {
    const q = parseSoql("SELECT Id FROM A WHERE x = 1 OR y = 2 AND NOT (z = 'a')");
    expect(q.where).toMatchObject({
      type: 'or',
      left: { type: 'compare', op: '=' },
      right: {
        type: 'and',
        right: { type: 'not', inner: { type: 'compare', value: { kind: 'string', value: 'a' } } },
      },
    });
  });

  it.each([
    ["'it\\'s'", { kind: 'string', value: "it's" }],
    ['-12.5', { kind: 'number', value: -12.5 }],
    ['TRUE', { kind: 'boolean', value: true }],
    ['null', { kind: 'null' }],
    ['2026-01-31', { kind: 'date', value: '2026-01-31' }],
    ['2026-01-31T10:00:00Z', { kind: 'datetime', value: Date.UTC(2026, 0, 31, 10) }],
    ['2026-01-31T10:00:00.000+0100', { kind: 'datetime', value: Date.UTC(2026, 0, 31, 9) }],
  ])('reads the literal %s', (literal, expected) => {
    const q = parseSoql(`SELECT Id FROM A WHERE f = ${literal}`);
    expect(q.where).toMatchObject({ type: 'compare', value: expected });
  });

  it('reads IN, NOT IN and LIKE', () => {
    const q = parseSoql("SELECT Id FROM A WHERE a IN ('x', 'y') AND b NOT IN (1) AND c LIKE 'z%'");
    expect(JSON.stringify(q.where)).toContain('"negated":true');
    expect(JSON.stringify(q.where)).toContain('"type":"like"');
  });

  it('keeps escaped LIKE wildcards escaped', () => {
    const q = parseSoql("SELECT Id FROM A WHERE c LIKE '50\\%'");
    expect(q.where).toMatchObject({ pattern: { value: '50\\%' } });
  });

  it.each([
    ['SELECT FROM Account', 'ERROR at Row:1:Column:8\nunexpected token: FROM'],
    ['SELECT Id FROM', 'ERROR at Row:1:Column:15\nunexpected token: <EOF>'],
    ['SELECT Id FROM Account WHERE', 'unexpected token: <EOF>'],
    ['SELECT Id FROM Account LIMIT x', 'ERROR at Row:1:Column:30\nunexpected token: x'],
    ["SELECT Id FROM Account WHERE Name = 'open", 'ERROR at Row:1:Column:37'],
    ['SELECT Id FROM Account WHERE Name ~ 1', "unexpected token: '~'"],
  ])('rejects %s as MALFORMED_QUERY', (soql, text) => {
    const error = errorOf(soql);
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toContain(text);
  });

  it('points at the right row and column of a multi-line query', () => {
    const error = errorOf('SELECT Id\nFROM Account\nWHERE Name ==');
    expect(error.message).toBe(
      '\nWHERE Name ==\n            ^\nERROR at Row:3:Column:13\nunexpected token: =',
    );
  });
});
