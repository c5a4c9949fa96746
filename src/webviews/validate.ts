/**
 * Small validators for messages and saved state that cross the webview boundary. Everything from a webview
 * is untrusted input: it is checked field by field, with lengths capped, before anything acts on it.
 * Pure TypeScript, shared by both sides.
 */
export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isString(value: unknown, maxLength = 200): value is string {
  return typeof value === 'string' && value.length <= maxLength;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Card ids: `gelu`, `leaky-relu`, `api.torch.nn.Conv2d`. */
export function isCardId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_.-]{1,120}$/.test(value);
}

/** True when `value` is an object with exactly `type` and the given keys (no others). */
export function hasOnlyKeys(value: Json, keys: readonly string[]): boolean {
  return Object.keys(value).every((k) => k === 'type' || keys.includes(k));
}

/** Compile-time exhaustiveness for `switch (message.type)`. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}
