import { Foundation1795300000000 } from './1795300000000-foundation.js';

/** Every migration, in order. Committed migrations are never edited; add a new one. */
export const MIGRATIONS = [Foundation1795300000000];
