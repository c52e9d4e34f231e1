/**
 * @module Reads Salesforce automation errors (validation rules, flows and processes, Apex triggers): which rule,
 * flow or trigger refused the write, and the message meant for people, out of the text Salesforce returns.
 */

/** What an automation error says once the platform's wrapping is taken off. */
export interface AutomationError {
  kind: 'validation' | 'flow' | 'apex';
  /** The trigger's name, or the flow's or process's label; a validation rule's name is never in the text. */
  name?: string;
  /** The message its author wrote, or the exception's own message. */
  message: string;
  /** The code inside a wrapped DML error (`first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, …`). */
  nestedCode?: string;
  /** Apex: the exception type (`System.DmlException`), the trigger event and where it was thrown. */
  exception?: string;
  event?: string;
  line?: number;
  column?: number;
}

const FLOW_NAME = /"([^"]+)" (?:process|flow)\b/;
const FLOW_DETAILS = /Give your Salesforce admin these details\.\s*([\s\S]*)$/;
const FLOW_TRIED = /^This error occurred when the flow tried to \w+ records?:\s*/;
const FLOW_TRAILERS = [
  /\s*You can look up ExceptionCode values in the SOAP API Developer Guide\.?/g,
  /\s*Error ID: [\w-]+(?: \(-?\d+\))?\.?/g,
];
const LEADING_CODE = /^([A-Z][A-Z0-9_]+[A-Z0-9]):\s*/;

const APEX_HEAD = /^(\w+): execution of (\w+)\s+caused by: ([\w.]+):\s*([\s\S]*)$/;
// Salesforce lists the frame that threw first: `Trigger.AccountTrigger: line 12, column 1`, `Class.X.y: line 3, column 1`.
const APEX_FRAME = /:?\s*(?:Trigger|Class)\.[\w.]+: line (\d+), column (\d+)/;
const DML_FIRST_ERROR = /first error: ([A-Z_]+), ([\s\S]*?)(?::\s*\[[^\]]*\])?\s*$/;

function flowError(text: string): AutomationError {
  const name = FLOW_NAME.exec(text)?.[1];
  let rest = FLOW_DETAILS.exec(text)?.[1] ?? text;
  rest = rest.replace(FLOW_TRIED, '');
  for (const trailer of FLOW_TRAILERS) rest = rest.replace(trailer, '');
  const nestedCode = LEADING_CODE.exec(rest)?.[1];
  if (nestedCode) rest = rest.replace(LEADING_CODE, '');
  rest = rest.trim();
  return { kind: 'flow', name, message: rest || text.trim(), nestedCode };
}

function apexError(text: string): AutomationError {
  const head = APEX_HEAD.exec(text.trim());
  if (!head) {
    const dml = DML_FIRST_ERROR.exec(text);
    return {
      kind: 'apex',
      message: (dml?.[2] ?? text).trim(),
      nestedCode: dml?.[1],
    };
  }
  const [, name, event, exception, body] = head;
  const frame = APEX_FRAME.exec(body);
  const beforeFrame = frame ? body.slice(0, frame.index) : body;
  const dml = DML_FIRST_ERROR.exec(beforeFrame);
  const message = (dml ? dml[2] : beforeFrame).trim().replace(/[:;,]\s*$/, '');
  return {
    kind: 'apex',
    name,
    message: message || text.trim(),
    nestedCode: dml?.[1],
    exception,
    event,
    line: frame ? Number(frame[1]) : undefined,
    column: frame ? Number(frame[2]) : undefined,
  };
}

/**
 * The rule, flow or trigger behind an automation error and its message, or null for other codes.
 * @example parseAutomationError('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
 *   'AccountTrigger: execution of BeforeInsert caused by: System.DmlException: Insert failed. First exception on row 0; first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, Test accounts are not allowed: []: Trigger.AccountTrigger: line 12, column 1')
 *   // { kind: 'apex', name: 'AccountTrigger', message: 'Test accounts are not allowed', nestedCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', line: 12, … }
 */
export function parseAutomationError(code: string, text: string): AutomationError | null {
  switch (code) {
    case 'FIELD_CUSTOM_VALIDATION_EXCEPTION':
      return { kind: 'validation', message: text.trim() };
    case 'CANNOT_EXECUTE_FLOW_TRIGGER':
      return flowError(text);
    case 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY':
      return apexError(text);
    default:
      return null;
  }
}
