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
  /**
   * Statements still to be asked for in the transaction under way (a ledger's batches, written while
   * its rows are read): its COMMIT or ROLLBACK waits for them to be asked and answered. A statement
   * asked after the ROLLBACK would run on its own, outside any transaction, and stay.
   */
  hold(writes: Promise<void>): void;
}
