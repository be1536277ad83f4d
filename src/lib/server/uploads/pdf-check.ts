import { PDFDocument } from 'pdf-lib';

/**
 * Whether `bytes` are a PDF a reader can open: parsed by pdf-lib down to its page tree, with at least
 * one page. A file that merely starts with "%PDF-" (an HTML page renamed, a truncated upload) is not.
 * Encrypted PDFs are accepted: their structure is readable without the password.
 */
export async function isReadablePdf(bytes: Uint8Array): Promise<boolean> {
	try {
		const document = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
		return document.getPageCount() > 0;
	} catch {
		return false;
	}
}
