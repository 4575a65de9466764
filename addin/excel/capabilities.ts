/// <reference types="office-js" />
/** What this Excel can do, from its requirement sets (Office.context.requirements.isSetSupported). */
import type { HostCapabilities } from '../host/workbook-host.js';

/** ExcelApi versions the add-in knows of, newest first. */
const VERSIONS = ['1.20', '1.19', '1.18', '1.17', '1.16', '1.15', '1.14', '1.13', '1.12', '1.11', '1.10', '1.9', '1.8', '1.7', '1.6', '1.5', '1.4', '1.3', '1.2', '1.1'];

export function detectCapabilities(): HostCapabilities {
  const supports = (version: string): boolean => Office.context.requirements.isSetSupported('ExcelApi', version);
  const apiVersion = VERSIONS.find(supports) ?? null;
  return {
    apiVersion,
    notes: supports('1.18'),
    comments: supports('1.10'),
    rangeAreas: supports('1.9'),
    dataValidation: supports('1.8'),
    mergedAreas: supports('1.13'),
    fileBytes: typeof Office.context.document?.getFileAsync === 'function',
  };
}

/** The minimum the add-in needs: getRangeByIndexes, freezePanes and hyperlinks (ExcelApi 1.7). */
export const MINIMUM_API = '1.7';

/** What the pane says is unavailable in this Excel (empty when everything works). */
export function missingFeatures(caps: HostCapabilities): string[] {
  const out: string[] = [];
  if (!caps.notes && caps.comments) out.push('此版本 Excel 不支持单元格“备注”，问题说明改用批注显示');
  if (!caps.notes && !caps.comments) out.push('此版本 Excel 不支持备注和批注，问题说明只列在“校验结果”工作表中');
  if (!caps.rangeAreas) out.push('不支持多区域（RangeAreas），标记逐个区域写入，速度稍慢');
  if (!caps.dataValidation) out.push('不支持数据验证，插入模板时只写列标题，没有下拉选项');
  if (!caps.mergedAreas) out.push('不支持读取合并单元格（ExcelApi 1.13），合并单元格不会被检出');
  if (!caps.fileBytes) out.push('无法读取文件本身，提交时改为发送读取到的表格数据');
  return out;
}
