/** The empty template v1 workbook and its 填报说明 sheet, both derived from the declaration. */
import type { Region } from '../counties.js';
import { INDICATORS, targetLabel } from '../indicators/definitions.js';
import type { SheetInput, WorkbookInput } from '../table/sheet.js';
import type { TemplateSpec } from './spec.js';
import { TEMPLATE_V1 } from './v1.js';

export const GUIDE_SHEET = '填报说明';
/** Sheets the Excel add-in writes into the county workbook: its check results and indicator summary. */
export const RESULT_SHEET = '校验结果';
export const INDICATOR_SHEET = '指标汇总';
/** Sheets the product writes beside the template's (the guide, the add-in's results): never county data. */
export const PRODUCT_SHEETS: readonly string[] = [GUIDE_SHEET, RESULT_SHEET, INDICATOR_SHEET];

export function blankTemplate(template: TemplateSpec = TEMPLATE_V1): WorkbookInput {
  return {
    sheets: template.sheets.map((s) =>
      s.layout === 'keyValue'
        ? { name: s.name, rows: s.fields.map((f) => [f.header, null]) }
        : { name: s.name, rows: [s.fields.map((f) => f.header)] },
    ),
  };
}

/** Rows of the 填报说明 sheet: general notes, then each sheet's columns with rule and example. */
export function guideSheet(region: Region, template: TemplateSpec = TEMPLATE_V1): SheetInput {
  const notes = [
    '1. 每个县（市、区）每季度填报一个工作簿；工作表名称和第 1 行列标题请勿修改，列的顺序可以调整，可在右侧增加自用列。',
    '2. 数据从第 2 行开始，每行一条记录；空行会被忽略。',
    '3. “是/否”列可填 是/否（也可填 有/无、√/×、Y/N、yes/no、TRUE/FALSE、1/0）；日期可填 2026-07-15、2026/7/15、2026.7.15、20260715 或 2026年7月15日（年份写四位）。',
    '4. 数字可带千位分隔符（如 1,234.5），不要在数字后写单位，单位以列标题为准。',
    '5. 标为“必填”的项目不能为空（列标题为红色）；错误须改正后才能提交，警告不影响提交但请核对。列标题的批注里有每列的填写要求和示例。',
    `6. 县（市、区）及行政区划代码：${region.counties.map((c) => `${c.name} ${c.code}`).join('，')}。`,
  ];
  const rows: (string | null)[][] = [
    [`${region.city}公共机构节能县级季度报表填报说明（模板 ${template.version}）`],
    [],
    ...notes.map((n, i) => [i === 0 ? '填报须知' : null, n]),
    [],
  ];
  for (const s of template.sheets) {
    rows.push([`【${s.name}】${s.required ? '（必填）' : '（选填台账，没有数据可留空表）'}`, s.purpose]);
    rows.push([s.layout === 'keyValue' ? '项目（A 列）' : '列标题', '填写要求', '示例']);
    for (const f of s.fields) rows.push([f.header, f.rule, f.example]);
    rows.push([]);
  }
  rows.push(['【指标与目标】', '由报表数据自动计算']);
  rows.push(['指标', '目标', '依据']);
  for (const d of INDICATORS) {
    rows.push([`${d.name}（${d.unit}）`, targetLabel(d), 'basis' in d ? d.basis : null]);
  }
  return { name: GUIDE_SHEET, rows };
}
