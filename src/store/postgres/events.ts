// A complaint's history: events are only ever added, and read oldest first.
import type { ComplaintEvent } from '../../domain/complaint.js';
import type { NewEvent } from '../store.js';
import type { EventRow } from './complaints.js';
import { toEvent } from './complaints.js';
import type { OfficeDb } from './db.js';

export class PostgresEvents {
  constructor(private readonly db: OfficeDb) {}

  async appendEvent(complaintId: number, event: NewEvent, recordedAt: Date): Promise<ComplaintEvent> {
    const data = event.data ?? {};
    // The foreign key (office_id, complaint_id) refuses a complaint of another office.
    const { rows } = await this.db.query<{ id: number }>(
      `INSERT INTO events (office_id, complaint_id, type, at, recorded_at, actor, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [this.db.officeId, complaintId, event.type, event.at, recordedAt, event.actor, JSON.stringify(data)],
    );
    return { id: rows[0]!.id, complaintId, type: event.type, at: event.at, recordedAt, actor: event.actor, data };
  }

  async events(complaintId: number): Promise<ComplaintEvent[]> {
    const { rows } = await this.db.query<EventRow>(
      `SELECT id, complaint_id, type, at, recorded_at, actor, data FROM events
        WHERE office_id = $1 AND complaint_id = $2 ORDER BY at, id`,
      [this.db.officeId, complaintId],
    );
    return rows.map(toEvent);
  }
}
