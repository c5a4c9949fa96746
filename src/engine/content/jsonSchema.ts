/**
 * A small interpreter for the JSON Schema subset that content/schema/*.schema.json uses (type, required,
 * properties, additionalProperties: false, enum, pattern, minLength, maxLength, minItems, minimum, items).
 * The schema files stay the single source of truth; editors use them for IntelliSense, we use them here.
 */

export interface JsonSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: boolean;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly minimum?: number;
  readonly items?: JsonSchema;
}

/** Stable codes: tests and users can rely on them. */
export const SchemaCodes = {
  required: 'MLL001',
  type: 'MLL002',
  unknownField: 'MLL003',
  enum: 'MLL004',
  pattern: 'MLL005',
  length: 'MLL006',
} as const;

export interface SchemaViolation {
  readonly code: (typeof SchemaCodes)[keyof typeof SchemaCodes];
  /** Field path such as `related[2]` or `notes[0].title`; empty for the document itself. */
  readonly field: string;
  readonly message: string;
}

export function validateAgainstSchema(value: unknown, schema: JsonSchema, field = ''): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  check(value, schema, field, out);
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function typeMatches(value: unknown, type: NonNullable<JsonSchema['type']>): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

function join(field: string, key: string): string {
  return field ? `${field}.${key}` : key;
}

function check(value: unknown, schema: JsonSchema, field: string, out: SchemaViolation[]): void {
  if (schema.type && !typeMatches(value, schema.type)) {
    out.push({ code: SchemaCodes.type, field, message: `expected ${schema.type}, got ${describe(value)}` });
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) {
    out.push({
      code: SchemaCodes.enum,
      field,
      message: `${JSON.stringify(value)} is not one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`,
    });
  }
  if (typeof value === 'string') checkString(value, schema, field, out);
  if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum) {
    out.push({ code: SchemaCodes.length, field, message: `must be at least ${schema.minimum}, got ${value}` });
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      out.push({ code: SchemaCodes.length, field, message: `needs at least ${schema.minItems} item(s), got ${value.length}` });
    }
    if (schema.items) value.forEach((item, i) => check(item, schema.items!, `${field}[${i}]`, out));
  }
  if (schema.type === 'object') checkObject(value as Record<string, unknown>, schema, field, out);
}

function checkString(value: string, schema: JsonSchema, field: string, out: SchemaViolation[]): void {
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    out.push({ code: SchemaCodes.length, field, message: `must have at least ${schema.minLength} characters, got ${value.length}` });
  }
  if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    out.push({ code: SchemaCodes.length, field, message: `must have at most ${schema.maxLength} characters, got ${value.length}` });
  }
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
    out.push({ code: SchemaCodes.pattern, field, message: `${JSON.stringify(value)} does not match ${schema.pattern}` });
  }
}

function checkObject(value: Record<string, unknown>, schema: JsonSchema, field: string, out: SchemaViolation[]): void {
  for (const key of schema.required ?? []) {
    if (!(key in value)) out.push({ code: SchemaCodes.required, field: join(field, key), message: 'is required' });
  }
  for (const [key, child] of Object.entries(value)) {
    const sub = schema.properties?.[key];
    if (sub) check(child, sub, join(field, key), out);
    else if (schema.additionalProperties === false) {
      out.push({ code: SchemaCodes.unknownField, field: join(field, key), message: 'is not a known field' });
    }
  }
}
