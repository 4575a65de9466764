/**
 * Writes a workbook the way other programs save one, not the way exceljs does: openpyxl, Excel and
 * WPS put a style on nearly every cell and keep strings in xl/sharedStrings.xml (written after the
 * sheets); other tools write inline strings (t="inlineStr"), leave out <dimension>, or omit the
 * r attributes of rows and cells (allowed by the standard: a row or cell without r is the next one).
 * A small XML generator, so tests and the benchmark get such files without the programs installed.
 */
import JSZip from 'jszip';
import type { CellValue, WorkbookInput } from '../../../shared/table/sheet.js';
import { columnLetter } from '../../../shared/table/address.js';

export interface ProducerStyle {
  /** Strings in xl/sharedStrings.xml (Excel, WPS, LibreOffice, openpyxl) or inline in the sheet. */
  strings: 'shared' | 'inline';
  /** r="…" on every row and cell (all common producers) or on none. */
  cellRefs: boolean;
  /** A <dimension ref="A1:…"/> element (Excel) or none. */
  dimension: boolean;
  /** Non-ASCII text as character references (&#21333;), as openpyxl writes without lxml. */
  charRefs?: boolean;
}

/** As openpyxl 3.0 saves a workbook (checked against python3-openpyxl 3.0.9 on Debian 12). */
export const OPENPYXL_STYLE: ProducerStyle = { strings: 'inline', cellRefs: true, dimension: true, charRefs: true };
/** As Excel and WPS save one: shared strings, a style on every cell. */
export const EXCEL_STYLE: ProducerStyle = { strings: 'shared', cellRefs: true, dimension: true };

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Cell formats: 0 general, 1 bold header, 2 date, 3 text (@), 4 general wrapped (a column style). */
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts><fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><scheme val="minor"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/><scheme val="minor"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

const escapeXml = (s: string): string => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
let charRefs = false;
const escapeText = (s: string): string => (charRefs ? escapeXml(s).replace(/[^\p{ASCII}]/gu, (c) => `&#${c.codePointAt(0)};`) : escapeXml(s));
const textElement = (s: string): string => (/^\s|\s$/u.test(s) ? `<t xml:space="preserve">${escapeText(s)}</t>` : `<t>${escapeText(s)}</t>`);
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

class SharedStrings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  count = 0;
  of(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
  xml(): string {
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${NS}" count="${this.count}" uniqueCount="${this.list.length}">${this.list.map((s) => `<si>${textElement(s)}</si>`).join('')}</sst>`;
  }
}

function cellXml(v: CellValue, ref: string, header: boolean, style: ProducerStyle, strings: SharedStrings): string {
  if (v === null || v === undefined || v === '') return '';
  const r = style.cellRefs ? ` r="${ref}"` : '';
  if (typeof v === 'string') {
    const s = header ? 1 : 3;
    if (style.strings === 'inline') return `<c${r} s="${s}" t="inlineStr"><is>${textElement(v)}</is></c>`;
    return `<c${r} s="${s}" t="s"><v>${strings.of(v)}</v></c>`;
  }
  if (typeof v === 'boolean') return `<c${r} s="4" t="b"><v>${v ? 1 : 0}</v></c>`;
  if (v instanceof Date) return `<c${r} s="2"><v>${(v.getTime() - EXCEL_EPOCH) / 86_400_000}</v></c>`;
  return `<c${r} s="4"><v>${v}</v></c>`;
}

function sheetXml(rows: WorkbookInput['sheets'][number]['rows'], style: ProducerStyle, strings: SharedStrings): string {
  const parts: string[] = [];
  let width = 1;
  rows.forEach((cells, r) => {
    if (!cells) return;
    width = Math.max(width, cells.length);
    // Without r attributes a skipped row cannot be expressed: such producers write it empty.
    const body = cells.map((v, c) => cellXml(v, `${columnLetter(c + 1)}${r + 1}`, r === 0, style, strings));
    if (!style.cellRefs) {
      // A blank cell between two values must still take its place.
      for (let c = 0; c < body.length; c++) if (body[c] === '' && cells.slice(c + 1).some((v) => v !== null && v !== undefined && v !== '')) body[c] = '<c/>';
    }
    parts[r] = `<row${style.cellRefs ? ` r="${r + 1}"` : ''}>${body.join('')}</row>`;
  });
  if (!style.cellRefs) for (let r = 0; r < parts.length; r++) parts[r] ??= '<row/>';
  const dimension = style.dimension ? `<dimension ref="A1:${columnLetter(width)}${Math.max(1, rows.length)}"/>` : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}" xmlns:r="${REL_NS}">${dimension}<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="14.25"/><cols><col min="1" max="${width}" width="16" style="4" customWidth="1"/></cols><sheetData>${parts.filter((p) => p !== undefined).join('')}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
}

/** The workbook as .xlsx bytes in the given producer's manner. */
export async function otherProducerXlsx(input: WorkbookInput, style: ProducerStyle = OPENPYXL_STYLE): Promise<Buffer> {
  charRefs = style.charRefs === true;
  const strings = new SharedStrings();
  const zip = new JSZip();
  const n = input.sheets.length;
  const sheetIds = input.sheets.map((_s, i) => i + 1);
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheetIds
      .map((i) => `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
      .join('')}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${
      style.strings === 'shared' ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : ''
    }<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`,
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/></Relationships>`,
  );
  zip.file('docProps/app.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>`);
  zip.file(
    'docProps/core.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>openpyxl</dc:creator></cp:coreProperties>`,
  );
  zip.file(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><workbookPr/><bookViews><workbookView activeTab="0"/></bookViews><sheets>${input.sheets
      .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets><calcPr calcId="191029"/></workbook>`,
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}">${sheetIds
      .map((i) => `<Relationship Id="rId${i}" Type="${REL_NS}/worksheet" Target="/xl/worksheets/sheet${i}.xml"/>`)
      .join('')}<Relationship Id="rId${n + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>${
      style.strings === 'shared' ? `<Relationship Id="rId${n + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>` : ''
    }</Relationships>`,
  );
  // openpyxl writes the sheets first and the shared strings it collected on the way last.
  input.sheets.forEach((s, i) => zip.file(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(s.rows, style, strings)));
  zip.file('xl/styles.xml', STYLES);
  if (style.strings === 'shared') zip.file('xl/sharedStrings.xml', strings.xml());
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
