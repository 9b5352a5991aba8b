// Where complaints cluster: the building a unit is in, and a location as typed. Offices write a
// unit as 3-2-1201 (building-entrance-room), 3栋2单元1201, 3号楼1201 or A座1201; all of these are
// building 3 (or A). A unit in no such form is counted under "other" rather than guessed at.

/** The building of a unit ("3", "A"), or null when the unit does not say. */
export function buildingOf(unit: string | null): string | null {
  if (unit === null) return null;
  const text = unit.normalize('NFKC').trim();
  const dashed = /^(\d{1,4}|[A-Za-z])\s*[-—–#/]\s*\d/.exec(text);
  // Building 03 is building 3.
  const name = (text: string): string => (/^\d+$/.test(text) ? String(Number(text)) : text.toUpperCase());
  if (dashed) return name(dashed[1]!);
  const named = /^(\d{1,4}|[A-Za-z])\s*(?:号楼|号|栋|幢|座|楼|单元)/.exec(text);
  // "3单元1201" names an entrance, not a building: only a building word counts.
  if (named && !/^(\d{1,4}|[A-Za-z])\s*单元/.test(text)) return name(named[1]!);
  return null;
}

/** A location as typed, with its spacing made plain, so "3号楼 大堂" and "3号楼大堂 " count as one; null when none. */
export function placeOf(location: string | null): string | null {
  if (location === null) return null;
  const text = location.normalize('NFKC').replace(/\s+/g, '').trim();
  return text === '' ? null : text.slice(0, 100);
}
