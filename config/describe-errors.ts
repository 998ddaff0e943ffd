import type * as t from 'io-ts';

const PASS_THROUGH = new Set(['UnionType', 'IntersectionType']);

/**
 * One line per bad field, `field: expected …`, from io-ts errors: what the codec's name says, or the
 * failure's own message where it gave one (`at most 64 characters`). Values are never echoed: they
 * may be phone numbers or secrets.
 */
export function describeErrors(errors: t.Errors, prefix = ''): string[] {
  const lines = new Map<string, string>();
  for (const error of errors) {
    let path = prefix;
    let expected = error.context[0]?.type.name ?? 'a valid value';
    for (let i = 1; i < error.context.length; i++) {
      const parent = error.context[i - 1]!.type as t.Mixed & { _tag?: string };
      if (parent._tag && PASS_THROUGH.has(parent._tag)) continue;
      const { key, type } = error.context[i]!;
      path = /^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      expected = type.name;
    }
    if (error.message) expected = error.message;
    const field = path || 'body';
    if (!lines.has(field)) lines.set(field, `${field}: expected ${expected}`);
  }
  return [...lines.values()];
}
