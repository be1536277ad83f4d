import { error } from '@sveltejs/kit';
import { readStoredFile } from '../uploads/store';
import * as m from '$lib/paraglide/messages';

/** RFC 6266: an ASCII fallback for old clients, and the exact name in UTF-8. */
function contentDisposition(name: string) {
	const ascii = name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^\x20-\x7e]|["\\]/g, '_');
	const utf8 = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

/** A stored PDF as a download; a missing file is a 404, logged. */
export async function pdfDownload(file: string, name: string | null, cacheControl: string) {
	let bytes: Buffer;
	try {
		bytes = await readStoredFile(file);
	} catch (cause) {
		console.error(`stored file ${file} is missing:`, cause);
		error(404, m.error_not_found());
	}
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': 'application/pdf',
			'content-length': String(bytes.length),
			'content-disposition': contentDisposition(name || 'document.pdf'),
			'x-content-type-options': 'nosniff',
			'cache-control': cacheControl
		}
	});
}
