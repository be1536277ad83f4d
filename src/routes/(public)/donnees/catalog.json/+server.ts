import type { RequestHandler } from './$types';
import { datasets, LICENCE_URL } from '$lib/server/opendata/catalog';
import { datasetText } from '$lib/server/opendata/dataset-labels';
import { jsonFile } from '$lib/server/opendata/http';

// The catalogue in DCAT-AP style (JSON-LD), for a data portal to harvest: every dataset, its licence,
// its last change and its files.
export const GET: RequestHandler = async ({ url }) => {
	const base = url.origin;
	const list = await datasets();
	return jsonFile({
		'@context': {
			dcat: 'http://www.w3.org/ns/dcat#',
			dct: 'http://purl.org/dc/terms/',
			foaf: 'http://xmlns.com/foaf/0.1/',
			xsd: 'http://www.w3.org/2001/XMLSchema#'
		},
		'@id': `${base}/donnees/catalog.json`,
		'@type': 'dcat:Catalog',
		'dct:title': 'Entente — données ouvertes',
		'dct:language': 'fr',
		'dct:license': { '@id': LICENCE_URL },
		'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': 'Entente' },
		'foaf:homepage': { '@id': `${base}/donnees` },
		'dcat:dataset': list.map((dataset) => {
			const text = datasetText(dataset, 'fr');
			return {
				'@id': `${base}/donnees#${dataset.id}`,
				'@type': 'dcat:Dataset',
				'dct:identifier': dataset.id,
				'dct:title': text.title,
				'dct:description': text.description,
				'dct:license': { '@id': LICENCE_URL },
				...(dataset.updatedAt ? { 'dct:modified': { '@value': dataset.updatedAt.toISOString(), '@type': 'xsd:dateTime' } } : {}),
				'dcat:distribution': dataset.distributions.map((file) => ({
					'@type': 'dcat:Distribution',
					'dcat:accessURL': { '@id': `${base}${file.path}` },
					'dcat:downloadURL': { '@id': `${base}${file.path}` },
					'dct:format': file.format,
					'dcat:mediaType': file.mediaType,
					'dct:license': { '@id': LICENCE_URL },
					...(file.conformsTo ? { 'dct:conformsTo': { '@id': file.conformsTo } } : {})
				}))
			};
		})
	});
};
