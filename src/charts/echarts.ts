/**
 * The one place ECharts is configured. We import `echarts/core` and register only the chart types, components and
 * renderer the app draws with, instead of `import * as echarts from 'echarts'`: the full build registers every
 * chart (maps, 3D-less graphs, sankey, ...) and costs about three times the bytes; with `use` the bundler drops the
 * rest (tree-shaking). A view that needs another chart type registers it with `echarts.use([...])` in its own
 * module, next to its option builder, so this list stays what the analyst screen needs.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  BrushComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  ToolboxComponent,
  TooltipComponent,
} from 'echarts/components';
import type {
  AriaComponentOption,
  BrushComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  ToolboxComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';

echarts.use([
  BarChart,
  LineChart,
  AriaComponent,
  BrushComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  // ECharts' brush always adds a toolbox to the option (its preprocessor); without the component registered the
  // development build warns on every chart with a brush. The timeline hides it (`toolbox.show: false`) and starts
  // the brush itself.
  ToolboxComponent,
  TooltipComponent,
  // Canvas, not SVG: the timeline redraws hundreds of stacked bars on every filter change, which canvas does in
  // one pass; SVG would rebuild that many DOM nodes.
  CanvasRenderer,
  // Only for a chart's SVG download (components/charts/chart-export): a canvas chart cannot write SVG, so its option
  // is drawn once more, off screen, by ECharts' server-side SVG renderer.
  SVGRenderer,
]);

/** An option made only of what is registered above: a typo'd or unregistered component fails to type-check. */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | AriaComponentOption
  | BrushComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | ToolboxComponentOption
  | TooltipComponentOption
>;

export type ChartInstance = echarts.ECharts;
export { echarts };
