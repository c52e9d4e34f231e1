/** @module Parses the SOQL subset a sync engine needs into a small AST. Field and object names are resolved later. */
import { type Token, tokenize } from './lexer';
import { SoqlError } from './soql-error';

export interface FieldRef {
  path: string[];
  pos: number;
}

export type Literal =
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'boolean'; value: boolean; pos: number }
  | { kind: 'null'; pos: number }
  | { kind: 'date'; value: string; pos: number }
  | { kind: 'datetime'; value: number; pos: number };

export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type Condition =
  | { type: 'and'; left: Condition; right: Condition }
  | { type: 'or'; left: Condition; right: Condition }
  | { type: 'not'; inner: Condition }
  | { type: 'compare'; field: FieldRef; op: CompareOp; value: Literal }
  | { type: 'in'; field: FieldRef; negated: boolean; values: Literal[] }
  | { type: 'like'; field: FieldRef; pattern: Literal };

export interface OrderItem {
  field: FieldRef;
  descending: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  /** `count` for SELECT COUNT(). */
  select: FieldRef[] | 'count';
  from: { name: string; pos: number };
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}

/** @example parseSoql("SELECT Id, Account.Name FROM Contact WHERE Email != null ORDER BY Name LIMIT 10") */
export function parseSoql(query: string): SoqlQuery {
  const p = new Parser(query, tokenize(query));
  const result = p.query();
  p.expectEnd();
  return result;
}

class Parser {
  private i = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.i];
  }
  private isWord(word: string, offset = 0): boolean {
    const t = this.tokens[this.i + offset];
    return t?.kind === 'word' && t.text.toUpperCase() === word;
  }
  private fail(token: Token, reason?: string): never {
    const text = token.kind === 'end' ? '<EOF>' : token.kind === 'string' ? `'${token.text}'` : token.text;
    throw new SoqlError('MALFORMED_QUERY', this.source, token.pos, reason ?? `unexpected token: ${text}`);
  }
  private word(word: string): void {
    if (!this.isWord(word)) this.fail(this.peek());
    this.i++;
  }
  private punct(ch: string): void {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== ch) this.fail(t);
    this.i++;
  }
  expectEnd(): void {
    if (this.peek().kind !== 'end') this.fail(this.peek());
  }

  query(): SoqlQuery {
    this.word('SELECT');
    const select = this.selectList();
    this.word('FROM');
    const from = this.peek();
    if (from.kind !== 'word' || from.text.includes('.')) this.fail(from);
    this.i++;
    const q: SoqlQuery = { select, from: { name: from.text, pos: from.pos }, orderBy: [] };
    if (this.isWord('WHERE')) {
      this.i++;
      q.where = this.orExpr();
    }
    if (this.isWord('ORDER') && this.isWord('BY', 1)) {
      this.i += 2;
      q.orderBy = this.orderList();
    }
    if (this.isWord('LIMIT')) {
      this.i++;
      q.limit = this.integer();
    }
    if (this.isWord('OFFSET')) {
      this.i++;
      q.offset = this.integer();
    }
    return q;
  }

  private selectList(): FieldRef[] | 'count' {
    if (this.isWord('COUNT') && this.tokens[this.i + 1]?.text === '(') {
      this.i++;
      this.punct('(');
      this.punct(')');
      return 'count';
    }
    const fields = [this.field()];
    while (this.peek().text === ',') {
      this.i++;
      fields.push(this.field());
    }
    return fields;
  }

  private field(): FieldRef {
    const t = this.peek();
    if (t.kind !== 'word' || (t.text.toUpperCase() === 'FROM' && !t.text.includes('.'))) this.fail(t);
    this.i++;
    return { path: t.text.split('.'), pos: t.pos };
  }

  private integer(): number {
    const t = this.peek();
    if (t.kind !== 'number' || !/^\d+$/.test(t.text)) this.fail(t);
    this.i++;
    return Number(t.text);
  }

  private orderList(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      if (items.length > 0) this.i++;
      const field = this.field();
      let descending = false;
      if (this.isWord('ASC') || this.isWord('DESC'))
        descending = this.tokens[this.i++].text.toUpperCase() === 'DESC';
      // Salesforce's defaults: ascending puts nulls first, descending puts them last.
      let nullsLast = descending;
      if (this.isWord('NULLS')) {
        this.i++;
        if (!this.isWord('FIRST') && !this.isWord('LAST')) this.fail(this.peek());
        nullsLast = this.tokens[this.i++].text.toUpperCase() === 'LAST';
      }
      items.push({ field, descending, nullsLast });
    } while (this.peek().text === ',');
    return items;
  }

  private orExpr(): Condition {
    let left = this.andExpr();
    while (this.isWord('OR')) {
      this.i++;
      left = { type: 'or', left, right: this.andExpr() };
    }
    return left;
  }

  private andExpr(): Condition {
    let left = this.notExpr();
    while (this.isWord('AND')) {
      this.i++;
      left = { type: 'and', left, right: this.notExpr() };
    }
    return left;
  }

  private notExpr(): Condition {
    if (this.isWord('NOT')) {
      this.i++;
      return { type: 'not', inner: this.notExpr() };
    }
    if (this.peek().text === '(') {
      this.i++;
      const inner = this.orExpr();
      this.punct(')');
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Condition {
    const field = this.field();
    const t = this.peek();
    if (t.kind === 'op') {
      this.i++;
      const op = (t.text === '<>' ? '!=' : t.text) as CompareOp;
      return { type: 'compare', field, op, value: this.literal() };
    }
    if (this.isWord('LIKE')) {
      this.i++;
      return { type: 'like', field, pattern: this.literal() };
    }
    const negated = this.isWord('NOT') && this.isWord('IN', 1);
    if (negated || this.isWord('IN')) {
      this.i += negated ? 2 : 1;
      this.punct('(');
      const values = [this.literal()];
      while (this.peek().text === ',') {
        this.i++;
        values.push(this.literal());
      }
      this.punct(')');
      return { type: 'in', field, negated, values };
    }
    return this.fail(t);
  }

  private literal(): Literal {
    const t = this.peek();
    this.i++;
    const { pos } = t;
    if (t.kind === 'string') return { kind: 'string', value: t.text, pos };
    if (t.kind === 'number') return { kind: 'number', value: Number(t.text), pos };
    if (t.kind === 'date') return { kind: 'date', value: t.text, pos };
    if (t.kind === 'datetime') {
      return { kind: 'datetime', value: Date.parse(t.text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')), pos };
    }
    const upper = t.kind === 'word' ? t.text.toUpperCase() : '';
    if (upper === 'NULL') return { kind: 'null', pos };
    if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE', pos };
    return this.fail(t);
  }
}
