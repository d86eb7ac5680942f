/**
 * Building DOM without HTML strings: `h('td', { class: 'num' }, value)` sets text, never markup, so a
 * station name or an alert detail from the API can never inject anything.
 */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Child | Child[]>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Array<Child | Child[]>): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replace(el: Element, ...children: Array<Child | Child[]>): void {
  el.replaceChildren();
  append(el, children);
}

/** A table with a header row and one row per item; `cells` gives the cells of an item's row. */
export function table<T>(headers: string[], items: readonly T[], cells: (item: T) => Array<Child | HTMLTableCellElement>, attrs: Attrs = {}): HTMLTableElement {
  return h(
    'table',
    { class: 'grid', ...attrs },
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))),
    h(
      'tbody',
      {},
      items.map((item) => h('tr', {}, cells(item).map((c) => (c instanceof HTMLTableCellElement ? c : h('td', {}, c))))),
    ),
  );
}

export const td = (content: Child | Child[], attrs: Attrs = {}) => h('td', attrs, content);
