// Derives data/holidays-cn.json (the calendar the product ships) from the official schedules kept in
// data/holiday-cn/ (the holiday-cn project's files, with their licence). Run by hand when a new
// year's schedule is added there; tests/domain/shipped-calendar.test.ts checks the result day by day.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const sourceDir = process.argv[2] ?? join(root, 'data', 'holiday-cn');
const years = {};
for (const file of readdirSync(sourceDir)
  .filter((f) => /^\d{4}\.json$/.test(f))
  .sort()) {
  const schedule = JSON.parse(readFileSync(join(sourceDir, file), 'utf8'));
  const off = {};
  const work = {};
  for (const day of schedule.days) (day.isOffDay ? off : work)[day.date] = day.name;
  years[schedule.year] = { papers: schedule.papers, off, work };
}
const out = {
  description:
    'Official Chinese public holidays (off) and make-up working days (work), from the State Council notices listed in papers.',
  years,
};
writeFileSync(join(root, 'data', 'holidays-cn.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`data/holidays-cn.json: ${Object.keys(years).join(', ')}`);
