/** @module Splits a SOQL string into tokens that remember where they start, for Salesforce-style error positions. */
import { SoqlError } from './soql-error';

export type TokenKind = 'word' | 'string' | 'number' | 'date' | 'datetime' | 'op' | 'punct' | 'end';

export interface Token {
  kind: TokenKind;
  /** The text as written (strings: unescaped content). */
  text: string;
  pos: number;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\w:])/;
const NUMBER = /^-?\d+(\.\d+)?(?![\w])/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/;
const PATTERNS: Array<[TokenKind, RegExp]> = [
  ['datetime', DATETIME],
  ['date', DATE],
  ['number', NUMBER],
  ['word', WORD],
];
const OPS = ['!=', '<>', '<=', '>=', '=', '<', '>'];
const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  "'": "'",
  '"': '"',
  '\\': '\\',
};

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = query.slice(i);
    if (ch === "'") {
      const { text, end } = readString(query, i);
      tokens.push({ kind: 'string', text, pos: i });
      i = end;
      continue;
    }
    const hit = PATTERNS.map(([kind, re]) => ({ kind, m: re.exec(rest) })).find((h) => h.m);
    if (hit?.m) {
      tokens.push({ kind: hit.kind, text: hit.m[0], pos: i });
      i += hit.m[0].length;
      continue;
    }
    const op = OPS.find((o) => rest.startsWith(o));
    if (op) {
      tokens.push({ kind: 'op', text: op, pos: i });
      i += op.length;
      continue;
    }
    if ('(),:'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch, pos: i });
      i++;
      continue;
    }
    throw new SoqlError('MALFORMED_QUERY', query, i, `unexpected token: '${ch}'`);
  }
  tokens.push({ kind: 'end', text: '', pos: query.length });
  return tokens;
}

function readString(query: string, start: number): { text: string; end: number } {
  let text = '';
  for (let i = start + 1; i < query.length; i++) {
    const ch = query[i];
    if (ch === "'") return { text, end: i + 1 };
    if (ch === '\\') {
      const next = query[i + 1];
      // SOQL keeps \% and \_ escaped so that LIKE can tell a literal wildcard from a wildcard.
      if (next === '%' || next === '_') text += `\\${next}`;
      // \uXXXX: a Unicode character by its code (SOQL reference, "Quoted String Escape Sequences").
      else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(query.slice(i + 2, i + 6))) {
        text += String.fromCharCode(Number.parseInt(query.slice(i + 2, i + 6), 16));
        i += 5;
        continue;
      } else if (next !== undefined && ESCAPES[next] !== undefined) text += ESCAPES[next];
      else
        throw new SoqlError(
          'MALFORMED_QUERY',
          query,
          i,
          `Invalid string literal '${query.slice(start, i + 2)}'. Illegal character sequence '\\${next ?? ''}' in string literal.`,
        );
      i++;
      continue;
    }
    text += ch;
  }
  throw new SoqlError('MALFORMED_QUERY', query, start, `unexpected token: '${query.slice(start)}'`);
}
