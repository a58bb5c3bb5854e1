// A bar chart drawn by Chart.js, which is loaded only when the first chart appears (its own
// chunk, outside the main bundle). The canvas is announced as an image with a summary; the
// same numbers are in a table next to it for keyboard and screen-reader users.
import { createEffect, on, onCleanup, onMount } from 'solid-js';
import type { Chart as ChartType } from 'chart.js';

let chartModule: Promise<typeof import('./chart-setup.ts')> | undefined;
/** Chart.js, fetched once, on the first chart. */
export function loadChartJs() {
  return (chartModule ??= import('./chart-setup.ts'));
}

export interface BarChartProps {
  labels: readonly string[];
  values: readonly number[];
  /** Names the canvas for assistive technology ("Documents by unit"). */
  label: string;
  horizontal?: boolean;
  rtl: boolean;
  onBar?: (index: number) => void;
}

export function BarChart(props: BarChartProps) {
  let canvas!: HTMLCanvasElement;
  let chart: ChartType<'bar'> | undefined;
  let disposed = false;

  onMount(async () => {
    const { Chart } = await loadChartJs();
    if (disposed) return;
    const valueAxis = { beginAtZero: true, ticks: { precision: 0 }, reverse: false };
    chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: [...props.labels],
        datasets: [{ label: props.label, data: [...props.values], backgroundColor: '#0b5cad', hoverBackgroundColor: '#f2a900' }],
      },
      options: {
        indexAxis: props.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { tooltip: { rtl: props.rtl } },
        scales: props.horizontal
          ? { x: { ...valueAxis, reverse: props.rtl }, y: { position: props.rtl ? 'right' : 'left', ticks: { autoSkip: false } } }
          : { x: { reverse: props.rtl }, y: { ...valueAxis, position: props.rtl ? 'right' : 'left' } },
        onClick: (_event, elements) => {
          const hit = elements[0];
          if (hit) props.onBar?.(hit.index);
        },
        onHover: (event, elements) => {
          const target = event.native?.target as HTMLElement | undefined;
          if (target) target.style.cursor = elements.length && props.onBar ? 'pointer' : 'default';
        },
      },
    });
  });

  createEffect(
    on(
      () => [props.labels, props.values, props.rtl] as const,
      ([labels, values, rtl]) => {
        if (!chart) return;
        chart.data.labels = [...labels];
        chart.data.datasets[0]!.data = [...values];
        const scales = chart.options.scales!;
        if (props.horizontal) {
          scales.x!.reverse = rtl;
          (scales.y as { position?: string }).position = rtl ? 'right' : 'left';
        } else {
          scales.x!.reverse = rtl;
          (scales.y as { position?: string }).position = rtl ? 'right' : 'left';
        }
        chart.options.plugins!.tooltip!.rtl = rtl;
        chart.update();
      },
      { defer: true },
    ),
  );

  onCleanup(() => {
    disposed = true;
    chart?.destroy();
  });

  // Horizontal bars get room for every name; time charts keep one height.
  const height = () => (props.horizontal ? `${Math.max(12, props.labels.length * 1.7 + 3)}rem` : undefined);
  return (
    <div class="chart-canvas" style={{ 'block-size': height() }}>
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}
