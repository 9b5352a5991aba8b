// A zone's UTC offsets as a table of changes, so converting between instants and office wall
// time is a binary search instead of an Intl call. Intl's time-zone data costs ~10 ms to load,
// a fifth of Node's own start-up, so the CLI keeps this table in the database and rebuilds it
// only when the office zone or the runtime's tz database version changes.
import { tzOffset } from '@date-fns/tz';

export interface ZoneRulesData {
  zone: string;
  /** the runtime's tz database version the table was read from (Node's versions.tz) */
  tzVersion: string;
  /** the table covers [from, to) in epoch milliseconds; outside it Intl is asked */
  from: number;
  to: number;
  /** offset in minutes before the first change */
  initialOffset: number;
  /** [epoch ms of the change, offset in minutes from then on] */
  changes: Array<[number, number]>;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
export const RULES_FROM = Date.UTC(1970, 0, 1);
export const RULES_TO = Date.UTC(2100, 0, 1);

/** Reads a zone's offsets from the runtime (Intl, through @date-fns/tz) into a table. */
export function scanZoneRules(zone: string, tzVersion: string, from = RULES_FROM, to = RULES_TO): ZoneRulesData {
  const offsetAt = (ms: number): number => tzOffset(zone, new Date(ms));
  const initialOffset = offsetAt(from);
  const changes: Array<[number, number]> = [];
  let previous = initialOffset;
  // Offsets change at most a few times a year and never twice within a week: step weekly,
  // then bisect each step that changed down to the minute.
  for (let start = from; start < to; start += 7 * DAY) {
    const end = Math.min(start + 7 * DAY, to);
    const offset = offsetAt(end);
    if (offset === previous) continue;
    let low = start;
    let high = end;
    while (high - low > MINUTE) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
      if (offsetAt(middle) === previous) low = middle;
      else high = middle;
    }
    changes.push([high, offset]);
    previous = offset;
  }
  return { zone, tzVersion, from, to, initialOffset, changes };
}

export class ZoneRules {
  private readonly at: Float64Array;
  private readonly offsets: Int32Array;

  constructor(readonly data: ZoneRulesData) {
    this.at = Float64Array.from(data.changes.map(([ms]) => ms));
    this.offsets = Int32Array.from(data.changes.map(([, offset]) => offset));
  }

  /** Offset from UTC in minutes at an instant (epoch ms). */
  offsetAt(ms: number): number {
    if (ms < this.data.from || ms >= this.data.to) return tzOffset(this.data.zone, new Date(ms));
    let low = 0;
    let high = this.at.length; // first change after ms
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.at[middle]! <= ms) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? this.data.initialOffset : this.offsets[low - 1]!;
  }

  /**
   * The instant whose wall clock reads `wallMs` (a wall time written as if it were UTC).
   * In a spring-forward gap the clock's later reading is used, as clocks do.
   */
  instantOfWall(wallMs: number): number {
    const guess = wallMs - this.offsetAt(wallMs) * MINUTE;
    const offset = this.offsetAt(guess);
    const instant = wallMs - offset * MINUTE;
    // Between the two readings of an autumn overlap, or inside a gap, settle on a consistent offset.
    const settled = this.offsetAt(instant);
    return settled === offset ? instant : wallMs - settled * MINUTE;
  }
}
