// The alerts of `complaint overdue`: each late deadline recorded once, claimed by one run before it
// is posted, marked sent or released; the daily digest's claim; the complaints flagged overdue.
import type BetterSqlite3 from 'better-sqlite3';
import type { AlertKind } from '../../domain/overdue.js';
import type { Alert, AlertKey } from '../store.js';
import type { OfficeScope } from './offices.js';

const iso = (instant: Date): string => instant.toISOString();

interface AlertRow {
  id: number;
  complaint_id: number;
  deadline: AlertKind;
  due_at: string;
  target: string;
  round: number;
}

const toAlert = (row: AlertRow): Alert => ({
  id: row.id,
  complaintId: row.complaint_id,
  deadline: row.deadline,
  dueAt: new Date(row.due_at),
  target: row.target,
  round: row.round,
});

/**
 * The complaints whose running deadline has been flagged overdue. CROSS JOIN keeps the alerts the
 * outer loop: otherwise the planner may walk every closed complaint by status for the revisit
 * branch (a second on the company database). tests/commands/search-index.test.ts checks the plan.
 */
export const FLAGGED_IDS = `SELECT DISTINCT a.complaint_id FROM alerts a CROSS JOIN complaints c ON c.id = a.complaint_id
  WHERE a.office_id = ? AND ((a.deadline = 'reply' AND a.due_at = c.reply_due_at AND c.replied_at IS NULL AND c.status IN ('received', 'escalated'))
     OR (a.deadline = 'promise' AND a.due_at = c.promised_at AND c.status = 'escalated')
     OR (a.deadline = 'revisit' AND a.due_at = c.revisit_due_at AND c.revisited_at IS NULL AND c.status = 'closed'))`;

export class SqliteAlerts {
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly office: OfficeScope,
  ) {}

  recordAlerts(alerts: readonly AlertKey[], flaggedAt: Date): AlertKey[] {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO alerts (office_id, complaint_id, deadline, due_at, target, round, flagged_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    // A reminder supersedes its deadline's earlier rounds not yet delivered (and held by no live run): one line, the latest.
    const superseded = this.db.prepare(
      `UPDATE alerts SET settled_at = ? WHERE complaint_id = ? AND deadline = ? AND due_at = ? AND target = ? AND round < ?
         AND notified_at IS NULL AND settled_at IS NULL AND (claim_expires_at IS NULL OR claim_expires_at <= ?)`,
    );
    return alerts.filter((alert) => {
      const [target, round] = [alert.target ?? '', alert.round ?? 0];
      const added =
        insert.run(this.office.id, alert.complaintId, alert.deadline, iso(alert.dueAt), target, round, iso(flaggedAt))
          .changes === 1;
      if (added && round > 0)
        superseded.run(
          iso(flaggedAt),
          alert.complaintId,
          alert.deadline,
          iso(alert.dueAt),
          target,
          round,
          iso(flaggedAt),
        );
      return added;
    });
  }

  unsentAlerts(target = ''): Alert[] {
    const rows = this.db
      .prepare(
        'SELECT id, complaint_id, deadline, due_at, target, round FROM alerts WHERE office_id = ? AND notified_at IS NULL AND settled_at IS NULL AND target = ? ORDER BY id',
      )
      .all(this.office.id, target) as AlertRow[];
    return rows.map(toAlert);
  }

  latestRound(key: AlertKey): { round: number; flaggedAt: Date } | null {
    const row = this.db
      .prepare(
        'SELECT round, flagged_at FROM alerts WHERE complaint_id = ? AND deadline = ? AND due_at = ? AND target = ? ORDER BY round DESC LIMIT 1',
      )
      .get(key.complaintId, key.deadline, iso(key.dueAt), key.target ?? '') as
      { round: number; flagged_at: string } | undefined;
    return row === undefined ? null : { round: row.round, flaggedAt: new Date(row.flagged_at) };
  }

  claimUnsentAlerts(claim: string, now: Date, expiresAt: Date, target = ''): Alert[] {
    const rows = this.db
      .prepare(
        `UPDATE alerts SET claimed_by = ?, claim_expires_at = ?
         WHERE office_id = ? AND notified_at IS NULL AND settled_at IS NULL AND target = ?
           AND (claim_expires_at IS NULL OR claim_expires_at <= ?)
         RETURNING id, complaint_id, deadline, due_at, target, round`,
      )
      .all(claim, iso(expiresAt), this.office.id, target, iso(now)) as AlertRow[];
    return rows.map(toAlert).sort((a, b) => a.id - b.id);
  }

  claimDigest(day: string, target: string, claim: string, now: Date, expiresAt: Date): boolean {
    const office = this.office.id;
    this.db.prepare('INSERT OR IGNORE INTO digests (office_id, day, target) VALUES (?, ?, ?)').run(office, day, target);
    const claimed = this.db
      .prepare(
        `UPDATE digests SET claimed_by = ?, claim_expires_at = ?
         WHERE office_id = ? AND day = ? AND target = ? AND sent_at IS NULL
           AND (claim_expires_at IS NULL OR claim_expires_at <= ?)`,
      )
      .run(claim, iso(expiresAt), office, day, target, iso(now));
    return claimed.changes === 1;
  }

  settleDigest(day: string, target: string, claim: string, sentAt: Date | null): void {
    this.db
      .prepare(
        `UPDATE digests SET sent_at = ?, claimed_by = NULL, claim_expires_at = NULL
         WHERE office_id = ? AND day = ? AND target = ? AND claimed_by = ? AND sent_at IS NULL`,
      )
      .run(sentAt === null ? null : iso(sentAt), this.office.id, day, target, claim);
  }

  markAlertsSent(alertIds: readonly number[], sentAt: Date, claim: string): void {
    const update = this.db.prepare(
      `UPDATE alerts SET notified_at = ?, claimed_by = NULL, claim_expires_at = NULL
       WHERE id = ? AND claimed_by = ? AND notified_at IS NULL`,
    );
    for (const id of alertIds) update.run(iso(sentAt), id, claim);
  }

  releaseAlerts(alertIds: readonly number[], claim: string): void {
    const update = this.db.prepare(
      'UPDATE alerts SET claimed_by = NULL, claim_expires_at = NULL WHERE id = ? AND claimed_by = ? AND notified_at IS NULL',
    );
    for (const id of alertIds) update.run(id, claim);
  }

  markAlertsSettled(alertIds: readonly number[], settledAt: Date): void {
    const update = this.db.prepare(
      `UPDATE alerts SET settled_at = ?, claimed_by = NULL, claim_expires_at = NULL
       WHERE id = ? AND notified_at IS NULL`,
    );
    for (const id of alertIds) update.run(iso(settledAt), id);
  }

  flaggedComplaintIds(): Set<number> {
    return new Set(this.db.prepare(FLAGGED_IDS).pluck().all(this.office.id) as number[]);
  }
}
