/**
 * @module The little XML the SOAP endpoints need: parse a request envelope into plain values, and
 * write a response. Elements with children become objects (repeated names become arrays), leaves become
 * their text; `xsi:type` is kept as `$type`, `xsi:nil` as null.
 */

export type XmlValue = string | null | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(
          e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
        )
      : (ENTITIES[e] ?? m),
  );
export const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** Parses an XML document; throws on malformed input (the caller answers a SOAP fault). */
export function parseXml(xml: string): XmlObject {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`Malformed XML at ${i}: ${why}`);
  };
  const skipMisc = () => {
    for (;;) {
      while (/\s/.test(xml[i] ?? '')) i++;
      if (xml.startsWith('<?', i)) i = xml.indexOf('?>', i) + 2 || fail('unterminated <?');
      else if (xml.startsWith('<!--', i)) i = xml.indexOf('-->', i) + 3 || fail('unterminated comment');
      else return;
    }
  };
  const element = (): [string, XmlValue] => {
    const open = /^<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(xml.slice(i));
    if (!open) fail('expected an element');
    const [whole, rawName, rawAttrs, selfClosing] = open as RegExpExecArray;
    i += whole.length;
    const attrs: Record<string, string> = {};
    for (const m of rawAttrs.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
      attrs[localName(m[1])] = decode(m[2] ?? m[3]);
    const name = localName(rawName);
    if (attrs.nil === 'true') {
      if (!selfClosing) i = xml.indexOf('>', xml.indexOf(`</${rawName}`, i)) + 1;
      return [name, null];
    }
    const children: XmlObject = {};
    let text = '';
    let hasChildren = false;
    if (!selfClosing) {
      for (;;) {
        const lt = xml.indexOf('<', i);
        if (lt === -1) fail(`unclosed <${rawName}>`);
        text += xml.slice(i, lt);
        i = lt;
        if (xml.startsWith('</', i)) {
          const close = /^<\/([\w:.-]+)\s*>/.exec(xml.slice(i));
          if (!close || close[1] !== rawName) fail(`expected </${rawName}>`);
          i += (close as RegExpExecArray)[0].length;
          break;
        }
        if (xml.startsWith('<!--', i)) {
          i = xml.indexOf('-->', i) + 3;
          continue;
        }
        const [childName, value] = element();
        hasChildren = true;
        const prior = children[childName];
        if (prior === undefined) children[childName] = value;
        else if (Array.isArray(prior)) prior.push(value);
        else children[childName] = [prior, value];
      }
    }
    if (attrs.type) children.$type = localName(attrs.type);
    if (!hasChildren && !attrs.type) return [name, decode(text)];
    return [name, children];
  };
  skipMisc();
  const [name, value] = element();
  return { [name]: value };
}

/** Writes a value as XML elements; arrays repeat the element, objects nest, `$type` becomes xsi:type. */
export function toXml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join('');
  if (value === null || value === undefined) return `<${name} xsi:nil="true"/>`;
  if (typeof value === 'object') {
    const { $type, ...rest } = value as Record<string, unknown>;
    const attr = $type ? ` xsi:type="${escapeXml(String($type))}"` : '';
    const inner = Object.entries(rest)
      .map(([k, v]) => toXml(k, v))
      .join('');
    return `<${name}${attr}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** Always a list: one element parses to a value, several to an array. */
export const asList = (v: XmlValue | undefined): XmlValue[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];
