import { Foundation1795300000000 } from './1795300000000-foundation.js';
import { Projects1795400000000 } from './1795400000000-projects.js';
import { Support1795500000000 } from './1795500000000-support.js';
import { CustomerNoticeMail1796000000000 } from './1796000000000-customer-notice-mail.js';
import { Documents1795600000000 } from './1795600000000-documents.js';
import { FrozenProjectRecords1795900000000 } from './1795900000000-frozen-project-records.js';
import { RateLimits1795950000000 } from './1795950000000-rate-limits.js';
import { Invoicing1795700000000 } from './1795700000000-invoicing.js';
import { Signoff1795800000000 } from './1795800000000-signoff.js';
import { WebSessions1796400000000 } from './1796400000000-web-sessions.js';
import { PortalRevisionViews1796450000000 } from './1796450000000-portal-revision-views.js';

/**
 * Every migration, in timestamp order (TypeORM runs them sorted by timestamp whatever the
 * list says). Committed migrations are never edited; add a new one.
 */
export const MIGRATIONS = [
  Foundation1795300000000,
  Projects1795400000000,
  Support1795500000000,
  Documents1795600000000,
  Invoicing1795700000000,
  Signoff1795800000000,
  FrozenProjectRecords1795900000000,
  RateLimits1795950000000,
  CustomerNoticeMail1796000000000,
  WebSessions1796400000000,
  PortalRevisionViews1796450000000,
];
