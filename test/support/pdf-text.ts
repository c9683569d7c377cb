import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  pages: string[];
  /** All pages, one line per text line. */
  text: string;
  info: Record<string, unknown>;
}

/**
 * The text of a PDF as a reader would extract it (pdfjs-dist), page by page. No-break spaces
 * are kept, so tests can check that amounts stay together ("1.234,56\u00a0€").
 */
export async function pdfText(bytes: Uint8Array): Promise<PdfText> {
  // pdfjs takes ownership of the buffer it is given; hand it a copy.
  const document = await getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const page = await document.getPage(n);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : '');
    }
    pages.push(text);
  }
  const info = (await document.getMetadata()).info as Record<string, unknown>;
  await document.destroy();
  return { pages, text: pages.join('\n'), info };
}

/** A supertest parser that collects the raw body (for PDF downloads). */
export const binaryBody = (
  res: NodeJS.ReadableStream,
  callback: (error: Error | null, body: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};
