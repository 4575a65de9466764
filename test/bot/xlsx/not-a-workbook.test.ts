import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { readXlsxBuffer, WorkbookReadError } from '../../../bot/xlsx/read.js';

async function zipWith(files: Record<string, string>, first?: [string, string]): Promise<Buffer> {
  const zip = new JSZip();
  // ODF keeps its "mimetype" first and stored, as LibreOffice writes it.
  if (first) zip.file(first[0], first[1], { compression: 'STORE' });
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A CFB (OLE2) header followed by a directory holding one stream name. */
function cfbWith(stream: string): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  return Buffer.concat([header, Buffer.from('Root Entry', 'utf16le'), Buffer.alloc(64), Buffer.from(stream, 'utf16le'), Buffer.alloc(512)]);
}

const CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>';

/** A file renamed .xlsx is named for what it is, with what to do. */
describe('files that are not an .xlsx workbook say what they are', () => {
  const cases: [string, () => Promise<Buffer> | Buffer, RegExp][] = [
    ['a Word document', () => zipWith({ '[Content_Types].xml': CT, 'word/document.xml': '<w:document/>' }), /是 Word 文档（\.docx），不是 Excel 工作簿（\.xlsx）/u],
    ['a PowerPoint deck', () => zipWith({ '[Content_Types].xml': CT, 'ppt/presentation.xml': '<p:presentation/>' }), /是 PowerPoint 演示文稿（\.pptx）/u],
    ['an Excel binary workbook', () => zipWith({ '[Content_Types].xml': CT, 'xl/workbook.bin': 'x' }), /是 Excel 二进制工作簿（\.xlsb）.*另存为/u],
    ['an OpenDocument spreadsheet', () => zipWith({ 'content.xml': '<office:document-content/>', 'META-INF/manifest.xml': '<manifest/>' }, ['mimetype', 'application/vnd.oasis.opendocument.spreadsheet']), /是 OpenDocument 电子表格（\.ods）/u],
    ['an OpenDocument text', () => zipWith({ 'content.xml': '<office:document-content/>', 'META-INF/manifest.xml': '<manifest/>' }, ['mimetype', 'application/vnd.oasis.opendocument.text']), /是 OpenDocument 文档/u],
    ['a Numbers file', () => zipWith({ 'Index/Document.iwa': 'x', 'Metadata/Properties.plist': 'x' }), /是 Apple iWork 文件.*导出到 → Excel/u],
    ['a plain zip', () => zipWith({ '泽州县.csv': '统一社会信用代码,单位名称' }), /是普通压缩包（\.zip）.*解压/u],
    ['a Word 97–2003 document', () => cfbWith('WordDocument'), /是 Word 97–2003 文档（\.doc）/u],
    ['a PowerPoint 97–2003 deck', () => cfbWith('PowerPoint Document'), /是 PowerPoint 97–2003 演示文稿（\.ppt）/u],
    ['a PDF', () => Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), /是 PDF 文件.*不要上传 PDF/u],
    ['a PNG screenshot', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /是图片（PNG）/u],
    ['a JPEG photo', () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]), /是图片（JPEG）/u],
    ['a UTF-8 CSV', () => Buffer.from('统一社会信用代码,单位名称,单位类型\n12140525MB0000000X,泽州县第一中学,学校\n'), /是 CSV 或文本文件.*另存为/u],
    ['a GBK CSV', () => Buffer.from([0xb5, 0xa5, 0xce, 0xbb, 0x2c, 0xc3, 0xfb, 0xb3, 0xc6, 0x0d, 0x0a]), /是 CSV 或文本文件/u],
    ['an HTML table saved as .xls', () => Buffer.from('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table><tr><td>1</td></tr></table></body></html>'), /是网页（HTML）格式/u],
    ['an XML Spreadsheet 2003', () => Buffer.from('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'), /XML 电子表格 2003/u],
  ];
  for (const [name, make, message] of cases) {
    it(name, async () => {
      await assert.rejects(readXlsxBuffer(await make(), '文件“报表.xlsx”'), (err: unknown) => {
        assert.ok(err instanceof WorkbookReadError, String(err));
        assert.equal(err.reason, 'not-xlsx', err.message);
        assert.match(err.message, /^文件“报表\.xlsx”/u);
        assert.match(err.message, message);
        return true;
      });
    });
  }
});
