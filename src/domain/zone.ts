// Instants ↔ office wall time. Every conversion names the office's IANA zone explicitly, so the
// machine's own TZ never enters an answer. Offsets come from a ZoneRules table (zone-rules.ts):
// one is read from the runtime on first use of a zone, unless the caller supplied it already.
import { formatISO } from 'date-fns';
import type { CalendarDate } from './dates.js';
import { dateOfDayNumber, dayNumber, utcDate } from './dates.js';
import type { ZoneRulesData } from './zone-rules.js';
import { ZoneRules, scanZoneRules } from './zone-rules.js';

const rulesByZone = new Map<string, ZoneRules>();

/** Rules read earlier (kept by the CLI in its database) spare the runtime's ~10 ms tz data load. */
export function provideZoneRules(data: ZoneRulesData): void {
  rulesByZone.set(data.zone, new ZoneRules(data));
}

export function zoneRules(zone: string, tzVersion = ''): ZoneRules {
  let rules = rulesByZone.get(zone);
  if (!rules) {
    rules = new ZoneRules(scanZoneRules(zone, tzVersion));
    rulesByZone.set(zone, rules);
  }
  return rules;
}

export function isValidTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A valid zone spelt as the time-zone database spells it: `asia/shanghai` typed is `Asia/Shanghai`.
 * Only the letter case changes: another name for the zone (V8 answers Asia/Kolkata with its old name
 * Asia/Calcutta) is kept as typed.
 */
export function canonicalTimeZone(zone: string): string {
  const typed = zone.trim();
  const resolved = new Intl.DateTimeFormat('en', { timeZone: typed }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === typed.toLowerCase() ? resolved : typed;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The office's wall clock at `instant`, as a date whose UTC fields read it — the form date-fns formats. */
export function wallClock(instant: Date, zone: string): Date {
  const ms = instant.getTime();
  return utcDate(ms + zoneRules(zone).offsetAt(ms) * MINUTE);
}

export function dateInZone(instant: Date, zone: string): CalendarDate {
  return dateOfDayNumber(dayInZone(instant, zone));
}

/** The office date at `instant` as a day number (days since 1970-01-01), for the working-day index. */
export function dayInZone(instant: Date, zone: string): number {
  const ms = instant.getTime();
  return Math.floor((ms + zoneRules(zone).offsetAt(ms) * MINUTE) / DAY);
}

/** The instant a wall clock in `zone` shows `date` `hour`:`minute`. Hour 24 means the next day's 00:00. */
export function instantAt(date: CalendarDate, hour: number, minute: number, zone: string, second = 0): Date {
  return instantAtDay(dayNumber(date), ((hour * 60 + minute) * 60 + second) * 1000, zone);
}

/** The instant a wall clock in `zone` shows `milliseconds` after the start of day number `day`. */
export function instantAtDay(day: number, milliseconds: number, zone: string): Date {
  // Wall times are written as if they were UTC, where every day has 24 hours: the offset table
  // alone knows where the office's clock skips or repeats an hour.
  return new Date(zoneRules(zone).instantOfWall(day * DAY + milliseconds));
}

/** The instant `zone`'s clock shows the reading `wall` (a date whose UTC fields are the wall clock's). */
export function instantOfWallClock(wall: Date, zone: string): Date {
  return new Date(zoneRules(zone).instantOfWall(wall.getTime()));
}

export function startOfDay(date: CalendarDate, zone: string): Date {
  return instantAt(date, 0, 0, zone);
}

/**
 * Offset of `zone` from UTC at `instant`, as "+08:00". Written here because date-fns formats
 * only a date's own offset, which for the UTC dates used here is always zero.
 */
export function offsetText(instant: Date, zone: string): string {
  const minutes = zoneRules(zone).offsetAt(instant.getTime());
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

/** ISO-8601 with the office's offset, e.g. "2026-11-23T10:00:00+08:00" — what `--json` prints. */
export function isoInZone(instant: Date, zone: string): string {
  // formatISO of the wall clock ends in "Z" (a UTC date); the office's offset goes in its place.
  return formatISO(wallClock(instant, zone)).slice(0, 19) + offsetText(instant, zone);
}
