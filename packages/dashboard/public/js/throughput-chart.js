// @ts-check
import { Component } from '../vendor/preact.mjs';
import uPlot from '../vendor/uPlot.esm.js';
import { html } from './html.js';

const HEIGHT = 220;
const AXIS = { stroke: '#94a3b8', grid: { stroke: '#1f2937', width: 1 }, ticks: { stroke: '#1f2937', width: 1 } };

/**
 * @typedef {{ data: [number[], number[], number[]] }} ChartProps
 */

/**
 * Articles and posts per minute (uPlot on a canvas). Preact renders only the container; uPlot owns
 * what is inside and gets new data through setData.
 * @extends {Component<ChartProps>}
 */
export class ThroughputChart extends Component {
  /** @param {ChartProps} props */
  constructor(props) {
    super(props);
    /** @type {uPlot | null} */
    this.plot = null;
    /** @type {ResizeObserver | null} */
    this.resizer = null;
    /** @type {HTMLDivElement | null} */
    this.container = null;
    this.setContainer = (/** @type {HTMLDivElement | null} */ el) => {
      this.container = el;
    };
  }

  /** @override */
  componentDidMount() {
    const container = this.container;
    if (!container) return;
    /** @type {uPlot.Options} */
    const options = {
      width: Math.max(container.clientWidth, 300),
      height: HEIGHT,
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [AXIS, { ...AXIS, size: 40 }],
      series: [
        {},
        { label: 'Articles / min', stroke: '#38bdf8', width: 2, fill: 'rgba(56, 189, 248, 0.12)', points: { show: false } },
        { label: 'Posts / min', stroke: '#34d399', width: 2, fill: 'rgba(52, 211, 153, 0.12)', points: { show: false } },
      ],
    };
    this.plot = new uPlot(options, this.props.data, container);
    this.resizer = new ResizeObserver(() => {
      if (this.plot && container.clientWidth > 0) this.plot.setSize({ width: container.clientWidth, height: HEIGHT });
    });
    this.resizer.observe(container);
  }

  /** @override */
  componentWillUnmount() {
    this.resizer?.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }

  /** @override */
  shouldComponentUpdate(/** @type {ChartProps} */ next) {
    // The container never changes; only uPlot needs the new data (componentDidUpdate).
    if (this.plot && next.data !== this.props.data) this.plot.setData(next.data);
    return false;
  }

  /** @override */
  render() {
    return html`<div class="chart" ref=${this.setContainer} aria-label="Articles and posts per minute"></div>`;
  }
}
