/**
 * Every Chinese validation message is written here, from an issue's code and facts. A message
 * names the cell, the value, the rule and what a correct value looks like.
 */
import { clipText } from '../table/sheet.js';
import { labelUnit, normalizeLabel } from '../template/normalize.js';
import type { FieldSpec } from '../template/spec.js';
import { boundLabel, EXPLANATION_MIN_HAN } from '../template/v1.js';
import type { Detail, IssueCode, IssueValue } from './issues.js';
import { sameUnit } from './rules/units.js';

export interface MessageFacts {
  code: IssueCode;
  sheet: string;
  cell: string;
  /** The field the issue is about, when there is one. */
  spec?: FieldSpec;
  /** Header text, when the issue has a field but no spec (rare). */
  field: string | null;
  value: IssueValue;
  detail: Detail;
}

const fmt = (n: number, digits = 2): string =>
  Number.isInteger(n) ? String(n) : n.toFixed(digits).replace(/\.?0+$/u, '');

function shown(value: IssueValue): string {
  if (value === null) return '（空）';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  // Values come cut already (displayValue); a number's text is short.
  return `“${typeof value === 'string' ? clipText(value) : String(value)}”`;
}

/** What usually produces each Excel error value, said on a cell that holds one. */
const EXCEL_ERROR_CAUSE: Readonly<Record<string, string>> = {
  '#DIV/0!': '除数为 0：公式中的除数是 0 或空白单元格',
  '#N/A': '查找不到：VLOOKUP、XLOOKUP、MATCH 等查找函数没有找到要找的值',
  '#VALUE!': '值的类型不对：参与计算的单元格含有文字、空格或不能计算的内容',
  '#REF!': '引用无效：公式引用的单元格、行、列或工作表已被删除',
  '#NAME?': '名称无法识别：函数名拼写错误、引用了不存在的名称，或文字没有加英文引号',
  '#NUM!': '数值无效：计算结果过大或过小，或函数参数不合理（如负数开平方）',
  '#NULL!': '区域不相交：两个区域之间误用了空格，应为逗号或冒号',
  '#SPILL!': '溢出受阻：动态数组公式要填入的单元格已有内容或是合并单元格',
  '#CALC!': '无法计算：数组公式的结果为空或包含不支持的数组',
  '#GETTING_DATA': '数据仍在加载：保存时计算尚未完成',
};

/** Why a 异常说明 was not taken as an explanation (rules/explanation.ts). */
const NOTE_REFUSAL = { placeholder: '只是占位或套话，没有写明原因', repeated: '只是重复的字符', tooShort: `不足 ${EXPLANATION_MIN_HAN} 个汉字` } as const;

function ruleAndExample(spec: FieldSpec | undefined): string {
  if (!spec) return '';
  return `规则：${spec.rule}。正确示例：${spec.example}。`;
}

export function messageFor(f: MessageFacts): string {
  const where = `${f.sheet} ${f.cell}`;
  const name = f.field ? `「${f.field}」` : '';
  const subject = `${where}${name}`;
  const d = f.detail;
  switch (d.kind) {
    case 'sheetMissing':
      return d.required
        ? `缺少必需的工作表“${f.sheet}”，无法完成校验。请使用模板（命令 jieneng template 生成）中的工作表，名称须与模板一致。`
        : `缺少工作表“${f.sheet}”（选填台账）。本季度没有相关数据可不填，但建议保留模板中的空表；有数据时请按模板添加该工作表。`;
    case 'sheetLookalike':
      return `缺少${d.required ? '必需的' : ''}工作表“${f.sheet}”，但工作簿中有${d.byHeaders ? '列标题与它相同' : '名称相近、列标题相同'}的工作表“${clipText(d.found)}”：是否就是“${clipText(d.found)}”？请改回原名“${f.sheet}”（工作表名称须与模板一致）。${d.rows > 0 ? '' : `“${clipText(d.found)}”目前没有数据。`}`;
    case 'sheetMisnamed':
      return `工作表“${clipText(d.found)}”有 ${d.rows} 行“${f.sheet}”的数据（列标题与模板的“${f.sheet}”相同），但名称不是“${f.sheet}”：改回原名之前，这些数据不会被读取、校验和汇总。请把“${clipText(d.found)}”改名为“${f.sheet}”。`;
    case 'sheetBeside':
      return `工作表“${f.sheet}”没有数据，而${d.byHeaders ? '列标题与它相同' : '名称相近'}的工作表“${clipText(d.found)}”有 ${d.rows} 行数据：是否就是“${clipText(d.found)}”？请把数据移入“${f.sheet}”（或删除空表“${f.sheet}”后把“${clipText(d.found)}”改回原名“${f.sheet}”）。工作表名称须与模板一致，否则这些数据不会被读取、校验和汇总。`;
    case 'sheetsUnknown':
      return `工作簿中有 ${d.sheets.length} 个模板以外的工作表：${d.sheets.map((s) => `“${clipText(s.name)}”`).join('、')}，其内容不会被读取、校验和汇总。自用的表可以保留；其中如有应报送的数据，请填入模板中相应的工作表（工作表名称须与模板一致）。`;
    case 'headerLookalike':
      return `工作表“${f.sheet}”的列“${clipText(d.found)}”（${d.foundCell}）不是模板的列标题，该列数据未读取：是否就是“${f.field}”？请把列标题改为“${f.field}”。${f.spec?.optionalColumn ? '' : '改正之前，需要此列的校验和指标都不计算。'}${ruleAndExample(f.spec)}`;
    case 'headerAmbiguous': {
      const names = d.candidates.map((h) => `“${h}”`);
      const which = names.length > 1 ? `可能是${names.join('或')}之一` : `可能是${names[0]}，但另有一列同样相近`;
      return `工作表“${f.sheet}”的列“${clipText(d.found)}”（${d.foundCell}）不是模板的列标题，该列数据未读取：模板缺少的列中，它${which}，无法确定。请把列标题改为模板中对应的那一个（模板缺少的其他列也请补上）。改正之前，需要这些列的校验和指标都不计算。`;
    }
    case 'noInstitutions':
      return `工作表“${f.sheet}”没有任何单位：第 1 行列标题以下没有数据行，报表中没有可校验、可汇总的数据，指标均无法计算。请在单位名录中逐行登记本县（市、区）纳入统计的公共机构（每个单位一行），并在“能源资源消费”中填报各单位本季度的消费量。`;
    case 'aboveHardMax': {
      const unit = /（([^（）]+)）$/u.exec(f.spec?.header ?? '')?.[1];
      return `${subject}的值${shown(f.value)}超过上限 ${boundLabel(d.max)}${unit ? ` ${unit}` : ''}（${d.max}），远超任何单个单位的可能数值。这是错误，填写“异常说明”也不能通过：多为多打了几位数、单位换算错误或误填了合计数，请核对后改正。${ruleAndExample(f.spec)}`;
    }
    case 'explanationRefused':
      return `${messageFor({ ...f, detail: d.outlier })}本行异常说明“${clipText(d.note, 20)}”过于简单，不能作为说明（${NOTE_REFUSAL[d.reason]}）：请写明数据异常的具体原因（至少 ${EXPLANATION_MIN_HAN} 个汉字），如“本季度新建游泳馆投入使用”“管网漏损，已于 8 月修复”。写明之前此提示仍然有效。`;
    case 'headerMissing':
      return `工作表“${f.sheet}”第 1 行缺少列“${f.field}”，该列数据无法读取和校验。请在第 1 行添加列标题“${f.field}”（列的顺序不限）。${ruleAndExample(f.spec)}`;
    case 'headerRowOffset':
      return `工作表“${f.sheet}”的第 1 行应为列标题，但列标题在第 ${d.headerRow} 行（找到 ${d.matched} 个模板列标题），本表数据未能读取。请删除第 1${d.headerRow > 2 ? `–${d.headerRow - 1}` : ''} 行（表名、说明等），使列标题位于第 1 行。`;
    case 'headerUnit': {
      const written = labelUnit(normalizeLabel(d.found));
      const wanted = labelUnit(normalizeLabel(f.field ?? ''));
      if (written !== null && wanted !== null && sameUnit(written, wanted)) {
        return `工作表“${f.sheet}”的列“${clipText(d.found)}”（${d.foundCell}）与模板的“${f.field}”是同一单位的不同写法，但列标题须与模板一致，该列数据未读取。请把列标题改为“${f.field}”（数据无需换算）。`;
      }
      return `工作表“${f.sheet}”的列“${clipText(d.found)}”（${d.foundCell}）单位与模板不符，模板要求“${f.field}”。请改为模板的列标题，并按该单位填写数据。`;
    }
    case 'headerDuplicate':
      return `工作表“${f.sheet}”中列“${f.field}”出现了两次（另一处在 ${d.firstCell}），本次按 ${d.firstCell} 读取，此列被忽略。请删除或改名重复的列。`;
    case 'labelMissing':
      return `工作表“${f.sheet}”的 A 列缺少项目“${f.field}”。请在 A 列新增一行“${f.field}”，并在同一行 B 列填写。${ruleAndExample(f.spec)}`;
    case 'blank':
      return `${subject}未填写，此项为必填。${ruleAndExample(f.spec)}`;
    case 'requiredWhen':
      return `${subject}未填写：${d.because}时此项必填。${ruleAndExample(f.spec)}`;
    case 'notInteger':
      return `${subject}的值${shown(f.value)}不是整数。${ruleAndExample(f.spec)}`;
    case 'notNumber':
      return `${subject}的值${shown(f.value)}不是数字（可填 1234.5 或 1,234.5，不要带单位或文字）。${ruleAndExample(f.spec)}`;
    case 'excelError':
      return `${subject}是 Excel 错误值“${d.error}”（${EXCEL_ERROR_CAUSE[d.error] ?? 'Excel 无法算出此单元格的值'}），不能作为数据使用。请改正公式或它引用的单元格，使其显示正确的数值，或直接填写数值。${ruleAndExample(f.spec)}`;
    case 'uncalculated':
      return `${subject}：公式尚未计算：请在 Excel 或 WPS 中打开并保存后再校验（文件中只有公式、没有计算结果，多为其他程序生成、未在 Excel 或 WPS 中保存过）。`;
    case 'merged':
      return `${subject}所在的 ${d.range} 是合并单元格：请取消合并并在每个单元格填写（合并后只有左上角的 ${f.cell} 有值，其余单元格读作空白）。`;
    case 'notDate':
      return `${subject}的值${shown(f.value)}不是有效日期（可填 2026-07-15、2026/7/15、2026.7.15、20260715 或 2026年7月15日）。${ruleAndExample(f.spec)}`;
    case 'noSuchDay':
      return `${subject}的值${shown(f.value)}不是有效日期：${d.month >= 1 && d.month <= 12 ? `${d.year} 年 ${d.month} 月没有 ${d.day} 日` : `没有 ${d.month} 月`}。请核对日期（可填 2026-07-15、2026/7/15、2026.7.15、20260715 或 2026年7月15日）。${ruleAndExample(f.spec)}`;
    case 'twoDigitYear':
      return `${subject}的值${shown(f.value)}年份只写了两位，无法确定是哪一年：是否为 ${d.suggestion}？请写四位年份（可填 2026-07-15、2026/7/15、2026.7.15、20260715 或 2026年7月15日）。${ruleAndExample(f.spec)}`;
    case 'notFinite':
      return `${subject}的值${shown(f.value)}不是有限的数值（过大或无法计算，如 1e999）。请填写实际数值。${ruleAndExample(f.spec)}`;
    case 'totalsRow':
      return `${where}为“${d.label}”，第 ${d.row} 行是合计行：请删除，合计由系统计算。本表只填写明细行；本行未参与校验，也未计入指标。`;
    case 'outOfRange':
      return `${subject}的值${shown(f.value)}超出允许范围。${ruleAndExample(f.spec)}`;
    case 'tooLong':
      return `${subject}长度为 ${d.length} 个字，超过 ${d.max} 个字的上限，请精简。`;
    case 'yearAfterReport':
      return `${subject}的值${shown(f.value)}晚于报告年度 ${d.reportYear}。投用年份应在 1950 至 ${d.reportYear} 之间。`;
    case 'notInList':
      return `${subject}的值${shown(f.value)}不是可选项。${d.suggestions?.length ? `是否为${d.suggestions.map((v) => `“${v}”`).join('或')}？` : ''}可选：${d.values.join(' / ')}。`;
    case 'badFormat':
      return `${subject}的值${shown(f.value)}格式不正确。${ruleAndExample(f.spec)}`;
    case 'checksum':
      return `${subject}的值${shown(f.value)}校验位不符：按 GB 32100-2015 计算，第 18 位应为“${d.expected}”，实际为“${d.actual}”。多为录入错误，请对照单位法人证书逐位核对。`;
    case 'duplicate':
      return `${subject}的值${shown(f.value)}与第 ${d.firstRow} 行重复。每项只能登记一行，请删除或合并重复行。`;
    case 'unknownRef':
      return d.similar
        ? `${subject}的值${shown(f.value)}在“单位名录”中不存在；单位名录第 ${d.similar.row} 行的代码“${d.similar.code}”与它仅差一两个字符且本身有误，可能是同一单位。请对照证书改正其中一处。`
        : `${subject}的值${shown(f.value)}在“单位名录”中不存在。请先在单位名录中登记该单位，或核对代码是否填错。`;
    case 'missingConsumption':
      return `${subject}：单位“${clipText(d.name)}”在“能源资源消费”中没有数据行。单位名录中的每个单位都须填报本季度消费量，没有消耗的项目填 0。`;
    case 'missingFoodCheck':
      return `${subject}：单位“${clipText(d.name)}”设有食堂，但“反食品浪费自查”中没有 ${d.period} 的自查记录。每季度应至少开展一次自查评估并登记（不影响提交，但会降低自查完成率）。`;
    case 'notAbove':
      return `${subject}的值 ${fmt(Number(f.value))} 大于同一行「${d.otherField}」的 ${fmt(d.otherValue)}。请核对两项数据：前者一般不应超过后者。`;
    case 'coalNotDeclared':
      return `${subject}填报了燃煤 ${fmt(d.consumed)} 吨，但“单位名录”中该单位“是否使用燃煤”为“否”。请核对：确有燃煤消耗的，应将单位名录改为“是”并填写燃煤整改计划；否则此处填 0。`;
    case 'nevMismatch':
      return d.isNev
        ? `${subject}的值“${d.energyType}”与“是否新能源”=“是”矛盾。新能源车的能源类型应为纯电动、插电式混合动力、增程式或燃料电池。`
        : `${subject}的值“${d.energyType}”是新能源类型，但“是否新能源”为“否”。请将“是否新能源”改为“是”，或改正能源类型。`;
    case 'pvCapacity':
      return `${subject}的值 ${fmt(Number(f.value))} kW 超过可利用面积 ${fmt(d.area)} m² 按 ${fmt(d.density, 3)} kW/m² 可承载的 ${fmt(d.area * d.density)} kW。请核对装机容量（单位为 kW）或可利用面积。`;
    case 'divisionMismatch':
      return `${subject}的值${shown(f.value)}与“${d.county}”不符，${d.county}的行政区划代码是 ${d.expected}。`;
    case 'outsidePeriod':
      return d.scope === 'year'
        ? `${subject}的值${shown(f.value)}不在报告年度 ${d.label} 内。本表只登记报告年度内新增及更新的公务用车。`
        : `${subject}的值${shown(f.value)}不在报告季度 ${d.label} 内。请填写本季度内开展自查的日期。`;
    case 'region':
      return `${subject}的值${shown(f.value)}第 3–8 位为 ${d.found}，不属于${d.county}（应以 ${d.prefix} 开头）。如该单位确属本县统计范围可保留，否则请核对代码。`;
    case 'outlierPerArea':
      return `${subject}：本季度单位建筑面积用电 ${fmt(d.perArea)} kWh/m²，超过合理上限 ${fmt(d.limit)} kWh/m²。请核对电量（单位为 kWh）和单位名录中的建筑面积；数据属实的，请在本行“异常说明”中写明原因。`;
    case 'outlierPerCapita':
      return `${subject}：本季度人均用水 ${fmt(d.perCapita)} 吨，超过合理上限 ${fmt(d.limit)} 吨。请核对用水量（单位为吨）和单位名录中的用能人数；数据属实的，请在本行“异常说明”中写明原因。`;
    case 'outlierYoy':
      return `${subject}：本季度 ${fmt(Number(f.value))}，上年同期（${d.previousPeriod}）${fmt(d.previous)}，${d.changePct >= 0 ? '增加' : '减少'} ${fmt(Math.abs(d.changePct), 1)}%，变化超过 ±${fmt(d.limitPct)}%。请核对数据；属实的，请在本行“异常说明”中写明原因。`;
  }
}

/** Each issue code as a short Chinese name (issue reports, counts by kind). */
export const ISSUE_CODE_LABEL: Record<IssueCode, string> = {
  'sheet-missing': '缺少工作表',
  header: '表头',
  required: '必填项未填',
  type: '类型不符',
  range: '超出范围',
  enum: '不是可选项',
  format: '格式不符',
  checksum: '校验位不符',
  duplicate: '重复',
  'unknown-ref': '引用不存在',
  'missing-row': '缺少行',
  'cross-field': '前后不一致',
  period: '报告期',
  region: '区划',
  outlier: '异常值',
};
