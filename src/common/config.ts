// Typed defaults turned into flags and checked: every config is a defaults object with one FieldSpec per
// key, so a flag with a wrong type or out of range fails naming the flag, and an unknown key fails too.

/** How one config field is written as a flag and checked. */
export type FieldSpec =
  | { kind: 'int' | 'float'; min?: number; max?: number; help: string }
  | { kind: 'string'; help: string }
  | { kind: 'boolean'; help: string }
  | { kind: 'choice'; choices: readonly string[]; help: string }
  | { kind: 'list'; choices: readonly string[]; help: string };

export type Fields<T> = { [K in keyof T]: FieldSpec };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** camelCase → --kebab-case */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function parseField(flag: string, spec: FieldSpec, raw: unknown): unknown {
  const text = String(raw).trim();
  switch (spec.kind) {
    case 'int':
    case 'float': {
      const value = Number(text);
      const ok = text !== '' && Number.isFinite(value) && (spec.kind === 'float' || Number.isInteger(value));
      if (!ok) throw new ConfigError(`${flag} must be ${spec.kind === 'int' ? 'an integer' : 'a number'}, got "${text}"`);
      if (spec.min !== undefined && value < spec.min) throw new ConfigError(`${flag} must be at least ${spec.min}, got ${value}`);
      if (spec.max !== undefined && value > spec.max) throw new ConfigError(`${flag} must be at most ${spec.max}, got ${value}`);
      return value;
    }
    case 'boolean':
      if (text === 'true' || text === '1' || text === 'yes') return true;
      if (text === 'false' || text === '0' || text === 'no') return false;
      throw new ConfigError(`${flag} must be true or false, got "${text}"`);
    case 'string':
      if (text === '') throw new ConfigError(`${flag} must not be empty`);
      return text;
    case 'choice':
      if (!spec.choices.includes(text)) throw new ConfigError(`${flag} must be one of ${spec.choices.join(', ')}, got "${text}"`);
      return text;
    case 'list': {
      const items = text.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = items.find((s) => !spec.choices.includes(s));
      if (bad !== undefined) throw new ConfigError(`${flag}: unknown value "${bad}" (choose from ${spec.choices.join(', ')})`);
      if (items.length === 0) throw new ConfigError(`${flag} needs at least one of ${spec.choices.join(', ')}`);
      return [...new Set(items)];
    }
  }
}

/**
 * Defaults overridden by the given raw values (flags as strings, or a saved config), each checked against
 * its spec. Unknown keys fail: a typo must not silently fall back to a default.
 */
export function resolveConfig<T extends object>(defaults: T, fields: Fields<T>, raw: Record<string, unknown>): T {
  const out = { ...defaults } as Record<string, unknown>;
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const spec = (fields as Record<string, FieldSpec>)[key];
    if (!spec) throw new ConfigError(`unknown option ${flagName(key)}`);
    out[key] = parseField(flagName(key), spec, Array.isArray(value) ? value.join(',') : value);
  }
  return out as T;
}
