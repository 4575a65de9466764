/**
 * Node only (exceljs): the fake book saved as the .xlsx that getFileAsync hands over, for
 * `createFakeOffice(book, { fileBytes: () => xlsxOf(book) })`. The document settings go where
 * Office keeps them, an add-in part (xl/webextensions/), so a test can show that what an add-in
 * puts into Office.context.document.settings travels inside the submitted file.
 * Not part of the browser bundle.
 */
import JSZip from 'jszip';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import type { FakeBook } from './workbook.js';

const WE = 'http://schemas.microsoft.com/office/webextensions/webextension/2010/11';
const WETP = 'http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11';
const REL_TASKPANES = 'http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes';
const REL_WEBEXTENSION = 'http://schemas.microsoft.com/office/2011/relationships/webextension';

function escapeXml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}

export async function xlsxOf(book: FakeBook): Promise<Uint8Array> {
  const bytes = await xlsxBuffer(book.toWorkbookInput(), { guide: false, decorate: false });
  const settings = Object.entries(book.documentSettings);
  if (settings.length === 0) return new Uint8Array(bytes);
  const zip = await JSZip.loadAsync(bytes);
  const properties = settings.map(([name, value]) => `<we:property name="${escapeXml(name)}" value="${escapeXml(JSON.stringify(value))}"/>`).join('');
  zip.file(
    'xl/webextensions/webextension1.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><we:webextension xmlns:we="${WE}" id="{5E2C6A84-0000-4000-8000-000000000001}"><we:reference id="jieneng" version="1.0.0.0" store="developer" storeType="Registry"/><we:alternateReferences/><we:properties>${properties}</we:properties><we:bindings/><we:snapshot/></we:webextension>`,
  );
  zip.file(
    'xl/webextensions/taskpanes.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><wetp:taskpanes xmlns:wetp="${WETP}"><wetp:taskpane dockstate="right" visibility="0" width="350" row="4"><wetp:webextensionref xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>`,
  );
  zip.file(
    'xl/webextensions/_rels/taskpanes.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_WEBEXTENSION}" Target="webextension1.xml"/></Relationships>`,
  );
  const types = await zip.file('[Content_Types].xml')!.async('string');
  zip.file(
    '[Content_Types].xml',
    types.replace(
      '</Types>',
      '<Override PartName="/xl/webextensions/taskpanes.xml" ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/>' +
        '<Override PartName="/xl/webextensions/webextension1.xml" ContentType="application/vnd.ms-office.webextension+xml"/></Types>',
    ),
  );
  const rels = await zip.file('_rels/.rels')!.async('string');
  zip.file('_rels/.rels', rels.replace('</Relationships>', `<Relationship Id="rIdWebExtTaskpanes" Type="${REL_TASKPANES}" Target="xl/webextensions/taskpanes.xml"/></Relationships>`));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
