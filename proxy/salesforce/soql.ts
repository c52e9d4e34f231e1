/**
 * @module The one way the sync writes SOQL: a tagged template whose plain values become escaped
 * string literals, and whose identifiers are checked against the object's describe first.
 *
 * @example
 * const on = soqlSchema(describe); // describe of Contact
 * const q = soql`SELECT ${on.fields(['Id', 'Email'])} FROM ${on.object} WHERE Email = ${email} LIMIT ${200}`;
 * await salesforce.query(q.text);
 */

/** A SOQL identifier: letters, digits and underscores, starting with a letter (custom: `__c`). */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;
const SALESFORCE_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;
/** SOQL dateTime literal, UTC: `2026-11-28T12:00:00Z` or with milliseconds. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** A query that cannot be built: an unknown field, a bad id. Raised before any call is spent. */
export class SoqlBuildError extends Error {
  override name = 'SoqlBuildError';
}

/** SOQL text already made safe (identifiers, lists, nested conditions): `soql` puts it in as is. */
export class Soql {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What `soql` accepts between its parts: text made safe, or a value to write as a literal. */
export type SoqlValue = Soql | string | number | boolean | null;

/**
 * Salesforce's quoted-string escapes (SOQL and SOSL reference, "Quoted String Escape Sequences"):
 * `\\`, `\'`, `\"`, `\n`, `\r`, `\t`, `\b`, `\f`; any other control character as `\uXXXX`.
 * Everything else, non-ASCII included, goes in as it is (the query travels as UTF-8).
 */
const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A string as a quoted SOQL literal: `O'Brien` → `'O\'Brien'`. */
export function soqlString(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped here.
  const escaped = value.replace(/[\\'"\u0000-\u001f\u007f]/g, (ch) => {
    return ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `'${escaped}'`;
}

function literal(value: Exclude<SoqlValue, Soql>): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SoqlBuildError(`${value} is not a number SOQL can take`);
    return String(value);
  }
  return soqlString(value);
}

/**
 * The one function that builds SOQL. Interpolated `Soql` parts (from {@link soqlSchema},
 * {@link soqlId}, {@link soqlDateTime} or a nested `soql`) go in as they are; every other value is
 * written as a literal: strings quoted and escaped, numbers, booleans, null.
 */
export function soql(strings: TemplateStringsArray, ...values: SoqlValue[]): Soql {
  let text = strings[0];
  values.forEach((value, i) => {
    text += (value instanceof Soql ? value.text : literal(value)) + strings[i + 1];
  });
  return new Soql(text);
}

/**
 * A LIKE pattern that finds `value` anywhere in the field: `%value%`, with the value's own `%` and `_`
 * escaped (`\%`, `\_`) so they match themselves, and its quotes and backslashes escaped as in any
 * string literal (SOQL and SOSL reference, "Comparison Operators": LIKE).
 * @example soql`Website LIKE ${soqlContains('under_score')}` → `Website LIKE '%under\_score%'`
 */
export function soqlContains(value: string): Soql {
  const inner = soqlString(value).slice(1, -1).replace(/[%_]/g, '\\$&');
  return new Soql(`'%${inner}%'`);
}

/**
 * An object or field name the caller already knows (from the mapping, not from input), checked to be
 * an identifier; {@link soqlSchema} also checks it against a describe when one is at hand.
 */
export function soqlName(name: string): Soql {
  if (!IDENTIFIER.test(name)) throw new SoqlBuildError(`"${name}" is not an object or field name`);
  return new Soql(name);
}

/** A Salesforce record id (15 or 18 characters) as a literal, refusing anything else. */
export function soqlId(id: string): Soql {
  if (!SALESFORCE_ID.test(id)) throw new SoqlBuildError(`"${id}" is not a Salesforce record id`);
  return new Soql(`'${id}'`);
}

/** `('id1','id2')` for `IN`, every one checked with {@link soqlId}. */
export function soqlIdList(ids: readonly string[]): Soql {
  if (!ids.length) throw new SoqlBuildError('IN needs at least one id');
  return new Soql(`(${ids.map((id) => soqlId(id).text).join(',')})`);
}

/** A dateTime literal (unquoted, as SOQL wants it), from an ISO string in UTC. */
export function soqlDateTime(iso: string): Soql {
  if (!DATE_TIME.test(iso))
    throw new SoqlBuildError(`"${iso}" is not a UTC dateTime such as 2026-11-28T12:00:00Z`);
  return new Soql(iso);
}

/** What {@link soqlSchema} reads from a describe. */
export interface SoqlDescribe {
  name: string;
  fields: { name: string; relationshipName?: string | null }[];
}

/**
 * Identifiers of one object, checked against its describe: the object name, and fields that are
 * either its own or `Relationship.Field` through one of its reference fields.
 */
export function soqlSchema(describe: SoqlDescribe) {
  if (!IDENTIFIER.test(describe.name)) throw new SoqlBuildError(`"${describe.name}" is not an object name`);
  const own = new Map(describe.fields.map((f) => [f.name.toLowerCase(), f.name]));
  const relationships = new Map(
    describe.fields.flatMap((f) =>
      f.relationshipName ? [[f.relationshipName.toLowerCase(), f.relationshipName]] : [],
    ),
  );
  const field = (name: string): string => {
    const [head, ...rest] = name.split('.');
    if (rest.length === 0) {
      const known = own.get(head.toLowerCase());
      if (!known)
        throw new SoqlBuildError(`${describe.name} has no field "${name}" the integration user can see`);
      return known;
    }
    const relationship = relationships.get(head.toLowerCase());
    if (!relationship || rest.length !== 1 || !IDENTIFIER.test(rest[0])) {
      throw new SoqlBuildError(`${describe.name} has no relationship field "${name}"`);
    }
    return `${relationship}.${rest[0]}`;
  };
  return {
    object: new Soql(describe.name),
    field: (name: string) => new Soql(field(name)),
    /** A select list; repeated names are kept once (SOQL refuses duplicates). */
    fields: (names: readonly string[]) => new Soql([...new Set(names.map(field))].join(', ')),
  };
}
