/**
 * One move of a lifecycle table: the states it may start from, where it leads (the same state
 * if omitted) and which parties may make it. The lifecycles of change requests, sign-off
 * requests and QA rounds are tables of these; the project's stage machine keeps its own.
 */
export interface Move<S extends string, P extends string> {
  from: readonly S[];
  to?: S;
  parties: readonly P[];
}

export type Verdict<S extends string> =
  { allowed: true; next: S } | { allowed: false; reason: 'wrong_state' | 'forbidden' };

/** (state, move, the caller's parties) → next state, or why not: the state first, then who. */
export function decideMove<S extends string, P extends string>(
  move: Move<S, P>,
  state: S,
  parties: readonly P[],
): Verdict<S> {
  if (!move.from.includes(state)) return { allowed: false, reason: 'wrong_state' };
  if (!parties.some((party) => move.parties.includes(party))) {
    return { allowed: false, reason: 'forbidden' };
  }
  return { allowed: true, next: move.to ?? state };
}
