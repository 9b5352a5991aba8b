// The official schedules this release ships (data/holidays-cn.json, derived by
// scripts/derive-holidays.mjs from the State Council notices named in each year's `papers`).
import shipped from '../../data/holidays-cn.json' with { type: 'json' };
import type { Schedule } from './calendar.js';

export const SHIPPED_SCHEDULES: readonly Schedule[] = Object.entries(shipped.years).map(([year, entry]) => ({
  year: Number(year),
  papers: entry.papers,
  off: entry.off,
  work: entry.work,
}));
