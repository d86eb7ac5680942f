/**
 * A small JSON-schema → TypeScript emitter for the OCPP message schemas that ocpp-rpc validates against.
 * It knows only the draft-07 subset those files use (objects, arrays, enums, `$ref` to local
 * definitions, scalar types); anything else fails loudly so a schema update cannot silently weaken a type.
 */

export interface JsonSchema {
  $id?: string;
  $ref?: string;
  type?: string;
  description?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  definitions?: Record<string, JsonSchema>;
  [keyword: string]: unknown;
}

export interface ModuleOptions {
  /** First line of the file, says where the types come from and how to regenerate them. */
  header: string;
}

/** Keywords that only constrain values (lengths, ranges, formats) and do not change the TS type. */
const valueOnlyKeywords = new Set([
  '$schema', '$id', 'description', 'maxLength', 'minLength', 'minimum', 'maximum', 'format', 'default',
  'multipleOf', 'minItems', 'maxItems', 'additionalItems', 'comment', 'javaType', 'tsEnumNames',
]);
const structuralKeywords = new Set(['$ref', 'type', 'enum', 'properties', 'required', 'additionalProperties', 'items', 'definitions']);

/** `urn:BootNotification.req` → `{ action: 'BootNotification', kind: 'Request' }`. */
export function messageOf(id: string): { action: string; kind: 'Request' | 'Response' } {
  const m = /^urn:([A-Za-z0-9]+)\.(req|conf)$/.exec(id);
  if (!m) throw new Error(`Unexpected schema $id "${id}": expected urn:<Action>.req or urn:<Action>.conf`);
  return { action: m[1]!, kind: m[2] === 'req' ? 'Request' : 'Response' };
}

export function renderSchemaModule(schemas: JsonSchema[], options: ModuleOptions): string {
  const definitions = collectDefinitions(schemas);
  const out: string[] = [options.header, '/* eslint-disable */', ''];

  for (const [name, def] of [...definitions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(...docLines(def.description, ''));
    out.push(def.type === 'object' && !def.enum
      ? `export interface ${name} ${renderObject(def, '')}`
      : `export type ${name} = ${renderType(def, '')};`);
    out.push('');
  }

  const actions: string[] = [];
  for (const schema of schemas) {
    const { action, kind } = messageOf(schema.$id ?? '');
    if (!actions.includes(action)) actions.push(action);
    out.push(...docLines(schema.description, ''));
    out.push(`export interface ${action}${kind} ${renderObject(schema, '')}`);
    out.push('');
  }

  out.push('/** Every action the schemas define, in schema order. */');
  out.push(`export const actions = [\n${actions.map((a) => `  '${a}',`).join('\n')}\n] as const;`);
  out.push('export type Action = (typeof actions)[number];');
  out.push('');
  for (const kind of ['Request', 'Response'] as const) {
    out.push(`export interface ${kind}s {`);
    for (const a of actions) out.push(`  ${a}: ${a}${kind};`);
    out.push('}');
    out.push('');
  }
  return out.join('\n');
}

/** Hoists every schema's local definitions into one namespace; the same name must mean the same type. */
function collectDefinitions(schemas: JsonSchema[]): Map<string, JsonSchema> {
  const found = new Map<string, JsonSchema>();
  for (const schema of schemas) {
    for (const [name, def] of Object.entries(schema.definitions ?? {})) {
      const seen = found.get(name);
      if (!seen) {
        found.set(name, def);
      } else if (shape(seen) !== shape(def)) {
        throw new Error(`Definition ${name} in ${schema.$id} differs from an earlier one with the same name`);
      }
    }
  }
  return found;
}

/** The structure of a schema without its prose, to compare two definitions. */
function shape(schema: unknown): string {
  return JSON.stringify(schema, (key, value) => (key === 'description' ? undefined : value));
}

function renderType(schema: JsonSchema, indent: string): string {
  checkKeywords(schema);
  if (schema.$ref) {
    const m = /^#\/definitions\/([A-Za-z0-9_]+)$/.exec(schema.$ref);
    if (!m) throw new Error(`Unsupported $ref "${schema.$ref}": only local #/definitions/ references are known`);
    return m[1]!;
  }
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v).replace(/^"|"$/g, "'")).join(' | ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array': {
      if (!schema.items) throw new Error('Array schema without items');
      return `Array<${renderType(schema.items, indent)}>`;
    }
    case 'object':
      return renderObject(schema, indent);
    case undefined:
      // An untyped property (2.0.1 DataTransfer `data`) admits any JSON value.
      return 'unknown';
    default:
      throw new Error(`Unsupported schema type ${JSON.stringify(schema.type)}`);
  }
}

function renderObject(schema: JsonSchema, indent: string): string {
  checkKeywords(schema);
  const inner = `${indent}  `;
  const required = new Set(schema.required ?? []);
  const lines: string[] = ['{'];
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    lines.push(...docLines(prop.description, inner));
    const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`;
    lines.push(`${inner}${key}${required.has(name) ? '' : '?'}: ${renderType(prop, inner)};`);
  }
  // CustomDataType and friends are open for vendor extensions.
  if (schema.additionalProperties !== false) lines.push(`${inner}[key: string]: unknown;`);
  lines.push(`${indent}}`);
  return lines.join('\n');
}

function checkKeywords(schema: JsonSchema): void {
  for (const k of Object.keys(schema)) {
    if (!valueOnlyKeywords.has(k) && !structuralKeywords.has(k)) {
      throw new Error(`Unsupported JSON-schema keyword "${k}"`);
    }
  }
}

function docLines(description: string | undefined, indent: string): string[] {
  if (!description) return [];
  const text = description.replace(/\r\n?/g, '\n').replace(/\*\//g, '*\\/').trim();
  const lines = text.split('\n').map((l) => l.trimEnd());
  return [`${indent}/**`, ...lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`];
}
