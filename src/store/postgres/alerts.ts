// The alerts of `complaint overdue` on PostgreSQL: each late deadline recorded once, claimed by one
// run before it is posted (FOR UPDATE SKIP LOCKED, with a lease: runs on several hosts never claim
// the same alert), marked sent or released; the daily digest's claim; the complaints flagged overdue.
import type { AlertKind } from '../../domain/overdue.js';
import type { Alert, AlertKey } from '../store.js';
import type { OfficeDb } from './db.js';

interface AlertRow {
  id: number;
  complaint_id: number;
  deadline: AlertKind;
  due_at: Date;
  target: string;
  round: number;
}

const ALERT_COLUMNS = 'id, complaint_id, deadline, due_at, target, round';

const toAlert = (row: AlertRow): Alert => ({
  id: row.id,
  complaintId: row.complaint_id,
  deadline: row.deadline,
  dueAt: row.due_at,
  target: row.target,
  round: row.round,
});

/** The office's complaints whose running deadline has been flagged overdue. */
const FLAGGED_IDS = `SELECT DISTINCT a.complaint_id FROM alerts a JOIN complaints c ON c.office_id = a.office_id AND c.id = a.complaint_id
  WHERE a.office_id = $1 AND (
        (a.deadline = 'reply' AND a.due_at = c.reply_due_at AND c.replied_at IS NULL AND c.status IN ('received', 'escalated'))
     OR (a.deadline = 'promise' AND a.due_at = c.promised_at AND c.status = 'escalated')
     OR (a.deadline = 'revisit' AND a.due_at = c.revisit_due_at AND c.revisited_at IS NULL AND c.status = 'closed'))`;

export class PostgresAlerts {
  constructor(private readonly db: OfficeDb) {}

  /** Records each alert not recorded before (the caller makes it one transaction); returns those that are new. */
  async recordAlerts(alerts: readonly AlertKey[], flaggedAt: Date): Promise<AlertKey[]> {
    const added: AlertKey[] = [];
    for (const alert of alerts) {
      const [target, round] = [alert.target ?? '', alert.round ?? 0];
      const { rowCount } = await this.db.query(
        // (NOT EXISTS first: a conflict alone would spend an id of the sequence on every run that finds it again)
        `INSERT INTO alerts (office_id, complaint_id, deadline, due_at, target, round, flagged_at)
         SELECT $1, $2, $3, $4, $5, $6, $7 WHERE NOT EXISTS (
           SELECT 1 FROM alerts WHERE complaint_id = $2 AND deadline = $3 AND due_at = $4 AND target = $5 AND round = $6)
         ON CONFLICT (complaint_id, deadline, due_at, target, round) DO NOTHING`,
        [this.db.officeId, alert.complaintId, alert.deadline, alert.dueAt, target, round, flaggedAt],
      );
      if (rowCount !== 1) continue;
      added.push(alert);
      // A reminder supersedes its deadline's earlier rounds not yet delivered (and held by no live run): one line, the latest.
      if (round > 0)
        await this.db.query(
          `UPDATE alerts SET settled_at = $7
            WHERE office_id = $1 AND complaint_id = $2 AND deadline = $3 AND due_at = $4 AND target = $5 AND round < $6
              AND notified_at IS NULL AND settled_at IS NULL AND (claim_expires_at IS NULL OR claim_expires_at <= $7)`,
          [this.db.officeId, alert.complaintId, alert.deadline, alert.dueAt, target, round, flaggedAt],
        );
    }
    return added;
  }

  async unsentAlerts(target = ''): Promise<Alert[]> {
    const { rows } = await this.db.query<AlertRow>(
      `SELECT ${ALERT_COLUMNS} FROM alerts
        WHERE office_id = $1 AND notified_at IS NULL AND settled_at IS NULL AND target = $2 ORDER BY id`,
      [this.db.officeId, target],
    );
    return rows.map(toAlert);
  }

  async latestRound(key: AlertKey): Promise<{ round: number; flaggedAt: Date } | null> {
    const { rows } = await this.db.query<{ round: number; flagged_at: Date }>(
      `SELECT round, flagged_at FROM alerts
        WHERE office_id = $1 AND complaint_id = $2 AND deadline = $3 AND due_at = $4 AND target = $5
        ORDER BY round DESC LIMIT 1`,
      [this.db.officeId, key.complaintId, key.deadline, key.dueAt, key.target ?? ''],
    );
    const row = rows[0];
    return row === undefined ? null : { round: row.round, flaggedAt: row.flagged_at };
  }

  /**
   * One statement: the unsent alerts no run holds are locked, those another run is locking right
   * now are skipped (not waited for), and a row another run claimed and committed meanwhile is
   * judged again on its new claim (READ COMMITTED re-reads a locked row), so it is not taken twice.
   */
  async claimUnsentAlerts(claim: string, now: Date, expiresAt: Date, target = ''): Promise<Alert[]> {
    const { rows } = await this.db.query<AlertRow>(
      `UPDATE alerts SET claimed_by = $2, claim_expires_at = $3
        WHERE id IN (SELECT id FROM alerts
                      WHERE office_id = $1 AND notified_at IS NULL AND settled_at IS NULL AND target = $4
                        AND (claim_expires_at IS NULL OR claim_expires_at <= $5)
                      FOR UPDATE SKIP LOCKED)
        RETURNING ${ALERT_COLUMNS}`,
      [this.db.officeId, claim, expiresAt, target, now],
    );
    return rows.map(toAlert).sort((a, b) => a.id - b.id);
  }

  async claimDigest(day: string, target: string, claim: string, now: Date, expiresAt: Date): Promise<boolean> {
    await this.db.query(
      'INSERT INTO digests (office_id, day, target) VALUES ($1, $2, $3) ON CONFLICT (office_id, day, target) DO NOTHING',
      [this.db.officeId, day, target],
    );
    const { rowCount } = await this.db.query(
      `UPDATE digests SET claimed_by = $4, claim_expires_at = $5
        WHERE (office_id, day, target) IN (
          SELECT office_id, day, target FROM digests
           WHERE office_id = $1 AND day = $2 AND target = $3 AND sent_at IS NULL
             AND (claim_expires_at IS NULL OR claim_expires_at <= $6)
           FOR UPDATE SKIP LOCKED)`,
      [this.db.officeId, day, target, claim, expiresAt, now],
    );
    return rowCount === 1;
  }

  async settleDigest(day: string, target: string, claim: string, sentAt: Date | null): Promise<void> {
    await this.db.query(
      `UPDATE digests SET sent_at = $5, claimed_by = NULL, claim_expires_at = NULL
        WHERE office_id = $1 AND day = $2 AND target = $3 AND claimed_by = $4 AND sent_at IS NULL`,
      [this.db.officeId, day, target, claim, sentAt],
    );
  }

  async markAlertsSent(alertIds: readonly number[], sentAt: Date, claim: string): Promise<void> {
    if (alertIds.length === 0) return;
    await this.db.query(
      `UPDATE alerts SET notified_at = $3, claimed_by = NULL, claim_expires_at = NULL
        WHERE office_id = $1 AND id = ANY($2::bigint[]) AND claimed_by = $4 AND notified_at IS NULL`,
      [this.db.officeId, [...alertIds], sentAt, claim],
    );
  }

  async releaseAlerts(alertIds: readonly number[], claim: string): Promise<void> {
    if (alertIds.length === 0) return;
    await this.db.query(
      `UPDATE alerts SET claimed_by = NULL, claim_expires_at = NULL
        WHERE office_id = $1 AND id = ANY($2::bigint[]) AND claimed_by = $3 AND notified_at IS NULL`,
      [this.db.officeId, [...alertIds], claim],
    );
  }

  async markAlertsSettled(alertIds: readonly number[], settledAt: Date): Promise<void> {
    if (alertIds.length === 0) return;
    await this.db.query(
      `UPDATE alerts SET settled_at = $3, claimed_by = NULL, claim_expires_at = NULL
        WHERE office_id = $1 AND id = ANY($2::bigint[]) AND notified_at IS NULL`,
      [this.db.officeId, [...alertIds], settledAt],
    );
  }

  async flaggedComplaintIds(): Promise<Set<number>> {
    const { rows } = await this.db.query<{ complaint_id: number }>(FLAGGED_IDS, [this.db.officeId]);
    return new Set(rows.map((row) => row.complaint_id));
  }
}
