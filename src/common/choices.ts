/**
 * A form's choice among many rows (customers, projects) that a select cannot hold all of: the
 * first matches of a search, and the form's chosen row among them even when it does not match,
 * so a form that comes back keeps its choice. Built by the owning module's `choices` method.
 */
export interface Choices<T extends { id: string }> {
  /** The search as given, trimmed ('' for none). */
  q: string;
  items: T[];
  /** Further rows match: the picker asks to narrow the search. */
  more: boolean;
  /** The row to show selected: the form's choice, or the only match of a search. */
  chosenId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a form's chosen id is worth reading: a refused form sends back what was typed, and
 * PostgreSQL refuses to compare a uuid column with anything else.
 */
export const isChosenId = (id: string | undefined): id is string => !!id && UUID.test(id);

/** How many rows a picker lists at once; more ask for a narrower search. */
export const CHOICES_LIMIT = 50;

/**
 * The choices from a page of matches: `chosen` (the form's choice, read by the caller when it
 * is not among the matches and the caller may see it) goes first, and a search that finds
 * exactly one row has chosen it.
 */
export function toChoices<T extends { id: string }>(
  q: string | undefined,
  matches: T[],
  more: boolean,
  chosenId: string | undefined,
  chosen: T | null,
): Choices<T> {
  const items = chosen && !matches.some((m) => m.id === chosen.id) ? [chosen, ...matches] : matches;
  const only = q && items.length === 1 ? items[0].id : null;
  return {
    q: q ?? '',
    items,
    more,
    chosenId: (chosenId && items.some((i) => i.id === chosenId) ? chosenId : null) ?? only,
  };
}
