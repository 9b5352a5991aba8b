import { describe, expect, it } from 'vitest';
import { buildingOf, placeOf } from '../../src/domain/place.js';

describe('the building of a unit', () => {
  it.each([
    ['3-2-1201', '3'],
    ['12-1-0302', '12'],
    ['03-2-1201', '3'],
    ['03栋1201', '3'],
    ['３－２－１２０１', '3'],
    ['3栋2单元1201', '3'],
    ['3 栋 1201', '3'],
    ['3号楼1201', '3'],
    ['3号楼2单元1201室', '3'],
    ['3幢1201', '3'],
    ['A座1201', 'A'],
    ['b-1201', 'B'],
    ['3#1201', '3'],
    ['2单元1201', null],
    ['1201', null],
    ['商铺', null],
    ['', null],
    [null, null],
  ])('%j is in building %j', (unit, building) => expect(buildingOf(unit)).toBe(building));
});

describe('a location as typed', () => {
  it.each([
    ['3号楼 大堂', '3号楼大堂'],
    [' 地下车库 ', '地下车库'],
    ['', null],
    ['   ', null],
    [null, null],
  ])('%j counts as %j', (location, place) => expect(placeOf(location)).toBe(place));
});
