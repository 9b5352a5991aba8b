import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanZoneRules, ZoneRules } from '../../src/domain/zone-rules.js';
import { dateInZone, instantAt, isoInZone } from '../../src/domain/zone.js';

const ZONES = ['Asia/Shanghai', 'America/New_York', 'Pacific/Auckland', 'Australia/Adelaide', 'Asia/Kolkata', 'UTC'];

describe('zone rules table', () => {
  it.each(ZONES)('gives the same offsets as the runtime for %s', (zone) => {
    const rules = new ZoneRules(scanZoneRules(zone, 'test'));
    const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2060, 0, 1) }), (ms) => {
        const text = format.format(new Date(ms)).split('GMT')[1] ?? '';
        const [hours, minutes] = text === '' ? [0, 0] : text.split(':').map(Number);
        const expected = text.startsWith('-') ? hours! * 60 - (minutes ?? 0) : hours! * 60 + (minutes ?? 0);
        return rules.offsetAt(ms) === expected;
      }),
      { numRuns: 2000 },
    );
  });

  it('finds DST changes to the minute', () => {
    const rules = scanZoneRules('America/New_York', 'test');
    expect(rules.changes.map(([ms]) => new Date(ms).toISOString())).toContain('2026-03-08T07:00:00.000Z');
    expect(rules.changes.map(([ms]) => new Date(ms).toISOString())).toContain('2026-11-01T06:00:00.000Z');
  });
});

describe('wall time in the office zone', () => {
  it('reads an instant as office wall time', () => {
    expect(isoInZone(new Date('2026-11-23T02:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-23T10:00:00+08:00');
    expect(dateInZone(new Date('2026-11-23T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-24');
    expect(dateInZone(new Date('2026-11-23T17:00:00Z'), 'America/New_York')).toBe('2026-11-23');
  });
  it('turns office wall time into the instant, across DST', () => {
    expect(instantAt('2026-07-01', 0, 0, 'America/New_York').toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(instantAt('2026-12-01', 0, 0, 'America/New_York').toISOString()).toBe('2026-12-01T05:00:00.000Z');
    expect(instantAt('2026-11-24', 24, 0, 'Asia/Shanghai').toISOString()).toBe('2026-11-24T16:00:00.000Z');
  });
  it('moves a time inside the spring-forward gap to a real instant', () => {
    // 02:30 does not exist in New York on 2026-03-08.
    expect(isoInZone(instantAt('2026-03-08', 2, 30, 'America/New_York'), 'America/New_York')).toMatch(
      /^2026-03-08T0[13]:30:00-0[45]:00$/,
    );
  });
  it('round-trips every wall minute outside DST gaps', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (zone, ms) => {
          const instant = new Date(Math.floor(ms / 60_000) * 60_000);
          const iso = isoInZone(instant, zone);
          const back = instantAt(iso.slice(0, 10), Number(iso.slice(11, 13)), Number(iso.slice(14, 16)), zone);
          // In an autumn overlap the wall time names two instants; either reads back to the same wall time.
          return isoInZone(back, zone).slice(0, 16) === iso.slice(0, 16);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
