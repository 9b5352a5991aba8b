// What the PostgreSQL store's resource files are given: the one connection's statements, and the
// office every read and write is scoped to.
import type pg from 'pg';

export interface OfficeDb {
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<Row>>;
  /** the chosen office's id (throws 'no office chosen' before Store.useOffice) */
  readonly officeId: number;
}
