// Chart.js with only what bar charts use registered. Imported by name so the bundler drops the
// rest of the library; the whole module is loaded on demand (see bar-chart.tsx).
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export { Chart };
