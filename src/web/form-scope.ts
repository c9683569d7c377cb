/**
 * Several forms on one page may share field names (a project page's concept, estimate line and
 * change request all have a `title`). A form inside `{{#formScope 'name'}}` sends its scope in
 * the hidden field `_form` (the csrf partial writes it); a refusal records it in the flash, and
 * only the fields of that same scope show the typed values and errors again.
 */
export const FORM_SCOPE_FIELD = '_form';

const SCOPE = /^[a-z][a-z0-9-]{0,63}$/;

/** Takes the scope out of a posted body, so the handler's DTO validation never sees it. */
export function takeFormScope(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !(FORM_SCOPE_FIELD in body)) return undefined;
  const record = body as Record<string, unknown>;
  const scope = record[FORM_SCOPE_FIELD];
  delete record[FORM_SCOPE_FIELD];
  return typeof scope === 'string' && SCOPE.test(scope) ? scope : undefined;
}

/** Form fields never written back into a page after a refusal. */
const SECRET_FIELDS = /password|_csrf/i;
const MAX_VALUES = 500;
const MAX_DEPTH = 3;

/**
 * A posted body's values by path, as field errors are named: `title`; a repeated field
 * (`lineTitle` sent five times) as `lineTitle.0` … `lineTitle.4`; indexed rows
 * (`lines[2][title]`, which the body parser makes an array of objects) as `lines.2.title`.
 */
export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  let count = 0;
  const visit = (path: string, value: unknown, depth: number) => {
    if (count >= MAX_VALUES || SECRET_FIELDS.test(path)) return;
    if (typeof value === 'string') {
      values[path] = value.slice(0, 10_000);
      count += 1;
    } else if (typeof value === 'object' && value !== null && depth < MAX_DEPTH) {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
        visit(path ? `${path}.${key}` : key, inner, depth + 1);
      }
    }
  };
  visit('', body, 0);
  return values;
}
