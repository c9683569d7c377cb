import type { FieldError } from './domain-error.js';

/**
 * Rules every request body and query holds to, whatever its DTO says. They run before
 * class-validator, on the parsed JSON, without recursion: a hostile body must not be able to
 * overflow the stack of the code that is meant to refuse it.
 */

/** No DTO nests deeper than a handful of levels; 32 leaves room and stops `[[[[…]]]]`. */
export const MAX_BODY_DEPTH = 32;

/**
 * The largest magnitude a number in a request may have: PostgreSQL's `integer` (versions,
 * minutes, cents per unit, page sizes). A DTO states tighter bounds where it knows them.
 */
export const MAX_REQUEST_NUMBER = 2_147_483_647;

// C0 controls and DEL except tab, line feed and carriage return: PostgreSQL refuses NUL in
// text, and the others have no business in a name, an address or a description.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** How deep `value` nests: a scalar is 0, `[]` and `{}` are 1, `[[]]` is 2. */
export function nestingDepth(value: unknown, limit = Infinity): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) stack.push([child, level]);
  }
  return deepest;
}

/**
 * Walks a parsed body or query without recursion and names every field that breaks a rule
 * all fields share: control characters in text, numbers beyond what the database holds.
 * Field paths are dotted like class-validator's (`contacts.0.name`); object keys are checked
 * too, so a key cannot smuggle a NUL into a JSON column.
 */
export function universalFieldErrors(value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    const field = path || 'body';
    if (typeof current === 'string') {
      if (CONTROL_CHARACTER.test(current)) {
        errors.push({
          field,
          messages: [`${field} must not contain control characters (only tab and line breaks)`],
        });
      }
    } else if (typeof current === 'number') {
      if (!Number.isFinite(current) || Math.abs(current) > MAX_REQUEST_NUMBER) {
        errors.push({
          field,
          messages: [`${field} must be between -${MAX_REQUEST_NUMBER} and ${MAX_REQUEST_NUMBER}`],
        });
      }
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key;
        if (CONTROL_CHARACTER.test(key)) {
          errors.push({
            field: childPath,
            messages: ['field names must not contain control characters'],
          });
          continue;
        }
        stack.push([child, childPath]);
      }
    }
  }
  // The stack visits fields last-first; report them in the order the client sent them.
  return errors.reverse();
}
