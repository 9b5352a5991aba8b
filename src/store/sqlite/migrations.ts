// The schema's history, in order. Append a new file; never edit or reorder a released one.
// tests/commands/store.test.ts checks that every file in migrations/ is listed here.
import init from '../../../migrations/001_init.sql?raw';
import overdueAlerts from '../../../migrations/002_overdue_alerts.sql?raw';
import ledgerImport from '../../../migrations/003_ledger_import.sql?raw';
import alertClaims from '../../../migrations/004_alert_claims.sql?raw';
import replyZone from '../../../migrations/005_reply_zone.sql?raw';
import type BetterSqlite3 from 'better-sqlite3';
import { buildingOf, placeOf } from '../../domain/place.js';
import search from '../../../migrations/006_search.sql?raw';
import urgent from '../../../migrations/007_urgent.sql?raw';
import revisit from '../../../migrations/008_revisit.sql?raw';
import reminders from '../../../migrations/009_reminders.sql?raw';
import places from '../../../migrations/010_places.sql?raw';
import spanTables from '../../../migrations/011_span_tables.sql?raw';
import openByMonth from '../../../migrations/012_open_by_month.sql?raw';
import offices from '../../../migrations/013_offices.sql?raw';
import repeatUnitsByOffice from '../../../migrations/014_repeat_units_by_office.sql?raw';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '001_init.sql', sql: init },
  { version: 2, name: '002_overdue_alerts.sql', sql: overdueAlerts },
  { version: 3, name: '003_ledger_import.sql', sql: ledgerImport },
  { version: 4, name: '004_alert_claims.sql', sql: alertClaims },
  { version: 5, name: '005_reply_zone.sql', sql: replyZone },
  { version: 6, name: '006_search.sql', sql: search },
  { version: 7, name: '007_urgent.sql', sql: urgent },
  { version: 8, name: '008_revisit.sql', sql: revisit },
  { version: 9, name: '009_reminders.sql', sql: reminders },
  { version: 10, name: '010_places.sql', sql: places },
  { version: 11, name: '011_span_tables.sql', sql: spanTables },
  { version: 12, name: '012_open_by_month.sql', sql: openByMonth },
  { version: 13, name: '013_offices.sql', sql: offices },
  { version: 14, name: '014_repeat_units_by_office.sql', sql: repeatUnitsByOffice },
];

/**
 * The program's rules a migration's SQL may call, lent to SQLite before migrations run (010 fills
 * the hotspot table with them). Anything applying MIGRATIONS must call this first.
 */
export function lendRules(db: Pick<BetterSqlite3.Database, 'function'>): void {
  db.function(
    'building_of',
    { deterministic: true },
    (unit: unknown) => buildingOf(typeof unit === 'string' ? unit : null) ?? '',
  );
  db.function('place_of', { deterministic: true }, (location: unknown) =>
    placeOf(typeof location === 'string' ? location : null),
  );
}
