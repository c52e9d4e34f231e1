/** @module SOQL errors in Salesforce's message style: the query, a caret under the culprit, its row and column, the reason. */
import { SfError } from '../sf-format';

export class SoqlError extends SfError {
  constructor(errorCode: string, query: string, pos: number, reason: string) {
    super(400, errorCode, soqlMessage(query, pos, reason));
  }
}

export function soqlMessage(query: string, pos: number, reason: string): string {
  const before = query.slice(0, pos).split('\n');
  const row = before.length;
  const column = before[before.length - 1].length + 1;
  const line = query.split('\n')[row - 1];
  return `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${reason}`;
}
