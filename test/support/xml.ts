/**
 * XML read back the way a feed reader reads it: saxes, a strictly conformant XML 1.0 parser (jsdom's),
 * reports every well-formedness error — a bare `&` or `<`, an undefined entity, a mismatched tag — and
 * resolves namespaces. Its events are gathered into a small tree for assertions.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';

export interface XmlElement {
  uri: string;
  local: string;
  /** By "<namespace uri> <local name>" (an empty uri for unprefixed attributes). */
  attrs: Map<string, string>;
  children: XmlElement[];
  text: string;
}

export function parseXml(xml: string): { root: XmlElement | undefined; errors: string[] } {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const errors: string[] = [];
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('error', (err) => void errors.push(err.message));
  parser.on('opentag', (tag: SaxesTagNS) => {
    const el: XmlElement = { uri: tag.uri, local: tag.local, attrs: new Map(Object.values(tag.attributes).map((a) => [`${a.uri} ${a.local}`, a.value])), children: [], text: '' };
    stack.at(-1)?.children.push(el);
    root ??= el;
    stack.push(el);
  });
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  return { root, errors };
}

/** The element's children in namespace `uri` named `local`. */
export function childrenOf(el: XmlElement, uri: string, local: string): XmlElement[] {
  return el.children.filter((c) => c.uri === uri && c.local === local);
}
