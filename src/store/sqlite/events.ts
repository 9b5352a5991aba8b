// A complaint's history: events are only ever added, and read oldest first.
import type BetterSqlite3 from 'better-sqlite3';
import type { ComplaintEvent } from '../../domain/complaint.js';
import type { NewEvent } from '../store.js';
import type { EventRow } from './complaints.js';
import { iso, toEvent } from './complaints.js';

export class SqliteEvents {
  constructor(private readonly db: BetterSqlite3.Database) {}

  appendEvent(complaintId: number, event: NewEvent, recordedAt: Date): ComplaintEvent {
    const data = event.data ?? {};
    const result = this.db
      .prepare('INSERT INTO events (complaint_id, type, at, recorded_at, actor, data) VALUES (?, ?, ?, ?, ?, ?)')
      .run(complaintId, event.type, iso(event.at), iso(recordedAt), event.actor, JSON.stringify(data));
    return {
      id: Number(result.lastInsertRowid),
      complaintId,
      type: event.type,
      at: event.at,
      recordedAt,
      actor: event.actor,
      data,
    };
  }

  events(complaintId: number): ComplaintEvent[] {
    return (
      this.db.prepare('SELECT * FROM events WHERE complaint_id = ? ORDER BY at, id').all(complaintId) as EventRow[]
    ).map(toEvent);
  }
}
