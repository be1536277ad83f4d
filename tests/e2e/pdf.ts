import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A real one-page PDF holding `text` (uploads are parsed: a file that merely starts with %PDF is refused). */
export async function realPdf(text: string): Promise<Buffer> {
	const document = await PDFDocument.create();
	const page = document.addPage([400, 200]);
	page.drawText(text, { x: 20, y: 150, size: 12, font: await document.embedFont(StandardFonts.Helvetica) });
	return Buffer.from(await document.save());
}
