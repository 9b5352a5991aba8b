// What the bundle (dist/complaint.cjs) holds in place of ./chart-library.js (see scripts/build.mjs):
// a loader of dist/charts.cjs, the chart library built on its own, run with V8's code cache
// (dist/charts.cache), so that report --html neither compiles the library's ~300 KB nor makes any
// other command load it.
import { runBuiltFile } from '../files/built-file.js';
import type * as ChartLibrary from './chart-library.js';

export const { init } = runBuiltFile<typeof ChartLibrary>('charts.cjs', 'charts.cache');
