/**
 * Field spellings that differ between platforms. Our schemas use one spelling; a partner whose
 * platform expects another (`SevicePrice` for `ServicePrice`) gets a table, applied to every key at
 * any depth of what we send, and inverted on what we receive, so the rest of the code never knows.
 */

/** Our field name → the partner's field name. */
export type FieldSpelling = Readonly<Record<string, string>>;

/** Renames keys at every depth; values are left alone. */
export function respell(value: unknown, spelling: FieldSpelling): unknown {
  if (Object.keys(spelling).length === 0) return value;
  return rename(value, spelling);
}

function rename(value: unknown, names: FieldSpelling): unknown {
  if (Array.isArray(value)) return value.map((v) => rename(v, names));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[Object.hasOwn(names, key) ? names[key]! : key] = rename(v, names);
  }
  return out;
}

/** The partner's spelling → ours, for reading what a partner sends. */
export function invertSpelling(spelling: FieldSpelling): FieldSpelling {
  return Object.fromEntries(Object.entries(spelling).map(([ours, theirs]) => [theirs, ours]));
}
