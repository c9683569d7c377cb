import type { KeysetPage } from '../../common/pagination.js';
import type { AuditEntryResponse, AuditQuery } from '../audit.dto.js';

const FILTERS = ['actor', 'entityType', 'entityId', 'action', 'from', 'to'] as const;

/** The log page's view: entries with their changes as text, the filters, the next page's link. */
export function toAuditPageView(result: KeysetPage<AuditEntryResponse>, query: AuditQuery) {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, query[name] ?? '']));
  const next = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== '') next.set(name, value);
  if (result.nextCursor) next.set('after', result.nextCursor);
  return {
    entries: result.items.map((entry) => ({
      ...entry,
      changesText: Object.keys(entry.changes).length === 0 ? '' : JSON.stringify(entry.changes),
    })),
    filters,
    total: result.total,
    totalCapped: result.totalCapped,
    nextUrl: result.nextCursor ? `/console/admin/audit?${next.toString()}` : null,
    continued: Boolean(query.after),
  };
}
