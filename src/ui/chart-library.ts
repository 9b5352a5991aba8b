// The parts of Apache ECharts that the report's page draws with: bar and line charts on a grid,
// rendered to SVG. The build makes this module a file of its own (dist/charts.cjs, with its own
// code cache), which only `report --html` loads (src/ui/chart-library-bundled.ts): a third of the
// prebuilt "common" bundle, so it loads and draws in about half the time.
import { init, use } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, SVGRenderer]);

export { init };
