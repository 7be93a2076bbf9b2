// Types for the page's `import uPlot from '../vendor/uPlot.esm.js'` (served from the uplot package).
import uPlot from 'uplot';
export default uPlot;
