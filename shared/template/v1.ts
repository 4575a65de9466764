/**
 * County workbook template v1 (../shared/guide/template.md), declared once. Validation, the
 * template and sample writers, the 填报说明 sheet and the add-in all read this declaration.
 */
import type { FieldSpec, KeyValueSheetSpec, TableSheetSpec, TemplateSpec } from './spec.js';

export const SHEET = {
  basic: '基本信息',
  institutions: '单位名录',
  consumption: '能源资源消费',
  vehicles: '公务用车',
  pv: '光伏资源',
  equipment: '重点用能设备',
  food: '反食品浪费自查',
  hosting: '托管项目',
} as const;

export const INSTITUTION_TYPES = ['党政机关', '学校', '医院', '场馆', '其他事业单位', '团体组织'] as const;
export const ENERGY_TYPES = ['纯电动', '插电式混合动力', '增程式', '燃料电池', '汽油', '柴油', '其他'] as const;
export const NEV_ENERGY_TYPES: readonly string[] = ['纯电动', '插电式混合动力', '增程式', '燃料电池'];
export const FOSSIL_ENERGY_TYPES: readonly string[] = ['汽油', '柴油'];
export const PV_STATUSES = ['已建成', '在建', '规划', '不具备条件'] as const;
export const HOSTING_TYPES = ['能源费用托管', '合同节水管理', '合同能源管理'] as const;
export const HOSTING_STATUSES = ['筹备', '已签约', '实施中', '已完成'] as const;

const YES_NO = '填“是”或“否”（也可填 有/无、√/×、Y/N、yes/no、TRUE/FALSE、1/0）';

const creditCode = (extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key: 'creditCode',
  header: '统一社会信用代码',
  kind: 'creditCode',
  required: true,
  refInstitution: true,
  rule: '必填；18 位统一社会信用代码，须在“单位名录”中登记',
  example: '12140525MB1C00012J',
  ...extra,
});

/** Chinese characters a 异常说明 needs at least to count as an explanation ("新楼投用", "管网漏损"). */
export const EXPLANATION_MIN_HAN = 4;

/** 200000000 → "2 亿", 50000 → "5 万": hard bounds as offices say them. */
export function boundLabel(n: number): string {
  if (n >= 1e8 && n % 1e8 === 0) return `${n / 1e8} 亿`;
  if (n >= 1e4 && n % 1e4 === 0) return `${n / 1e4} 万`;
  return String(n);
}

/**
 * Hard bounds (FieldSpec.hardMax): about ten times the largest single public institution one
 * could meet (a university of 80,000 people and 3 million m², a big hospital using 50 GWh a
 * year), so only a slip of the keyboard or of the unit goes above them. The plausibility
 * warnings (per m², per person, year on year) stay the softer check below them.
 */
const nonNegative = (key: string, header: string, rule: string, example: string, hardMax: number): FieldSpec => ({
  key,
  header,
  kind: 'number',
  min: 0,
  hardMax,
  blankAs: 0,
  rule: `${rule}；不小于 0 的数字，空白按 0 计；不超过 ${boundLabel(hardMax)}`,
  example,
});

const count = (key: string, header: string, hardMax: number, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  header,
  kind: 'integer',
  min: 0,
  hardMax,
  example: '10',
  ...extra,
  rule: `${extra.rule ?? '不小于 0 的整数'}；不超过 ${boundLabel(hardMax)}`,
});

const basic: KeyValueSheetSpec = {
  layout: 'keyValue',
  name: SHEET.basic,
  required: true,
  purpose: '本县（市、区）本季度报表的基本信息：A 列为项目名称，B 列填写内容。',
  fields: [
    { key: 'county', header: '县（市、区）', kind: 'county', required: true, rule: '必填；本市所辖县（市、区）名称', example: '泽州县' },
    { key: 'divisionCode', header: '行政区划代码', kind: 'divisionCode', required: true, rule: '必填；6 位数字，须与所填县（市、区）一致', example: '140525' },
    { key: 'year', header: '报告年度', kind: 'integer', required: true, min: 2020, max: 2100, rule: '必填；2020–2100 之间的整数', example: '2026' },
    { key: 'quarter', header: '报告季度', kind: 'quarter', required: true, rule: '必填；1–4（也可填 一/二/三/四、Q3、第三季度）', example: '3' },
    { key: 'preparer', header: '填报人', kind: 'text', required: true, maxLength: 50, rule: '必填；填报人姓名', example: '张三' },
    { key: 'phone', header: '联系电话', kind: 'phone', required: true, rule: '必填；手机号（11 位，1 开头）或固定电话（区号-号码）', example: '0356-2020123' },
    { key: 'filledDate', header: '填报日期', kind: 'date', required: true, rule: '必填；日期，如 2026-10-10', example: '2026-10-10' },
  ],
};

const institutions: TableSheetSpec = {
  layout: 'table',
  name: SHEET.institutions,
  required: true,
  purpose: '本县（市、区）纳入统计的公共机构名录，每个单位一行，以统一社会信用代码为准。',
  fields: [
    creditCode({
      refInstitution: false,
      unique: true,
      rule: '必填；18 位，符合 GB 32100-2015 字符集和校验位；表内不得重复；第 3–8 位（登记管理机关行政区划码）应属本县',
    }),
    { key: 'name', header: '单位名称', kind: 'text', required: true, maxLength: 100, rule: '必填；不超过 100 个字', example: '泽州县财政局' },
    { key: 'type', header: '单位类型', kind: 'enum', required: true, values: INSTITUTION_TYPES, rule: `必填；${INSTITUTION_TYPES.join(' / ')}`, example: '党政机关' },
    { key: 'centralUrban', header: '是否中心城区', kind: 'boolean', required: true, rule: `必填；${YES_NO}`, example: '否' },
    { key: 'staff', header: '用能人数', kind: 'integer', required: true, min: 0, hardMax: 200_000, rule: `必填；不小于 0 的整数；不超过 ${boundLabel(200_000)}`, example: '85' },
    { key: 'area', header: '建筑面积（m²）', kind: 'number', required: true, min: 0, minExclusive: true, hardMax: 10_000_000, rule: `必填；大于 0 的数字（平方米）；不超过 ${boundLabel(10_000_000)}`, example: '3200' },
    { key: 'canteen', header: '是否设有食堂', kind: 'boolean', required: true, rule: `必填；${YES_NO}`, example: '是' },
    count('parkingSpaces', '配建车位数', 50_000, { blankAs: 0, rule: '不小于 0 的整数，空白按 0 计', example: '40' }),
    count('chargingPiles', '充电桩数', 50_000, {
      blankAs: 0,
      notAbove: { field: 'parkingSpaces', severity: 'warning' },
      rule: '不小于 0 的整数，空白按 0 计；一般不超过配建车位数',
      example: '8',
    }),
    count('fixturesTotal', '用水器具总数', 200_000, { example: '60' }),
    count('fixturesSaving', '节水型器具数', 200_000, {
      notAbove: { field: 'fixturesTotal', severity: 'error' },
      rule: '不小于 0 的整数；不得超过用水器具总数',
      example: '58',
    }),
    count('meterL2Required', '二级水表应配数', 50_000, { example: '4' }),
    count('meterL2Installed', '二级水表实配数', 50_000, {
      notAbove: { field: 'meterL2Required', severity: 'warning' },
      rule: '不小于 0 的整数；一般不超过二级水表应配数',
      example: '4',
    }),
    count('meterL3Required', '三级水表应配数', 50_000, { example: '12' }),
    count('meterL3Installed', '三级水表实配数', 50_000, {
      notAbove: { field: 'meterL3Required', severity: 'warning' },
      rule: '不小于 0 的整数；一般不超过三级水表应配数',
      example: '11',
    }),
    { key: 'usesCoal', header: '是否使用燃煤', kind: 'boolean', required: true, rule: `必填；${YES_NO}`, example: '否' },
    {
      key: 'coalPlan',
      header: '燃煤整改计划',
      kind: 'text',
      maxLength: 500,
      requiredWhen: { field: 'usesCoal', equals: true },
      rule: '“是否使用燃煤”为“是”时必填：燃煤设备淘汰或清洁能源替代的计划与时限',
      example: '2026 年 10 月底前燃煤锅炉改为空气源热泵',
    },
  ],
};

const consumption: TableSheetSpec = {
  layout: 'table',
  name: SHEET.consumption,
  required: true,
  purpose: '本季度各单位能源资源消费量，单位名录中的每个单位一行。',
  fields: [
    creditCode({ unique: true, rule: '必填；须在“单位名录”中登记；表内不得重复' }),
    nonNegative('electricity', '电力（kWh）', '外购电网电量（千瓦时）', '52000', 200_000_000),
    nonNegative('pvGeneration', '光伏发电量（kWh）', '自建光伏发电并自用的电量（千瓦时）', '0', 50_000_000),
    nonNegative('naturalGas', '天然气（m³）', '天然气（立方米）', '0', 50_000_000),
    nonNegative('coal', '燃煤（t）', '原煤（吨）；单位名录中“是否使用燃煤”为“否”的单位应为 0', '0', 100_000),
    nonNegative('gasoline', '汽油（L）', '汽油（升）', '0', 10_000_000),
    nonNegative('diesel', '柴油（L）', '柴油（升）', '0', 10_000_000),
    nonNegative('lpg', '液化石油气（kg）', '液化石油气（千克）', '0', 10_000_000),
    nonNegative('heat', '外购热力（GJ）', '外购热力（吉焦）', '0', 10_000_000),
    nonNegative('water', '用水量（t）', '自来水等常规水用量（吨）', '1800', 50_000_000),
    nonNegative('nonConventionalWater', '非常规水（t）', '再生水、雨水等非常规水用量（吨）', '0', 50_000_000),
    {
      key: 'anomalyNote',
      header: '异常说明',
      kind: 'text',
      maxLength: 500,
      optionalColumn: true,
      rule: `选填；数据波动大或超出合理范围时写明具体原因（至少 ${EXPLANATION_MIN_HAN} 个汉字），相应异常提示即视为已说明；“无”“数据属实”“见附件”“同上”等不算说明`,
      example: '本季度新增住院楼投入使用',
    },
  ],
};

const vehicles: TableSheetSpec = {
  layout: 'table',
  name: SHEET.vehicles,
  required: false,
  purpose: '报告年度内新增及更新的公务用车，每辆车一行。',
  fields: [
    creditCode(),
    { key: 'plate', header: '车牌号', kind: 'plate', required: true, unique: true, rule: '必填；省份简称 + 字母 + 5 位（新能源 6 位），表内不得重复', example: '晋E·D12345' },
    { key: 'acquisition', header: '更新方式', kind: 'enum', required: true, values: ['新增', '更新'], rule: '必填；新增 / 更新', example: '更新' },
    { key: 'isNev', header: '是否新能源', kind: 'boolean', required: true, rule: `必填；${YES_NO}`, example: '是' },
    {
      key: 'energyType',
      header: '能源类型',
      kind: 'enum',
      required: true,
      values: ENERGY_TYPES,
      rule: `必填；${ENERGY_TYPES.join(' / ')}；须与“是否新能源”一致`,
      example: '纯电动',
    },
    { key: 'purchaseDate', header: '购置日期', kind: 'date', required: true, withinPeriod: 'year', rule: '必填；报告年度内的日期', example: '2026-08-20' },
  ],
};

const pv: TableSheetSpec = {
  layout: 'table',
  name: SHEET.pv,
  required: false,
  purpose: '屋顶、停车场棚顶等光伏资源摸排台账。',
  fields: [
    creditCode(),
    { key: 'siteType', header: '场所类型', kind: 'enum', required: true, values: ['屋顶', '停车场棚顶', '其他'], rule: '必填；屋顶 / 停车场棚顶 / 其他', example: '屋顶' },
    nonNegative('usableArea', '可利用面积（m²）', '可安装光伏的面积（平方米）', '800', 1_000_000),
    nonNegative('installedKw', '已建装机（kW）', '已建成光伏装机容量（千瓦）；一般不超过可利用面积可承载的容量', '0', 100_000),
    nonNegative('plannedKw', '规划装机（kW）', '规划建设光伏装机容量（千瓦）', '80', 100_000),
    { key: 'status', header: '建设状态', kind: 'enum', required: true, values: PV_STATUSES, rule: `必填；${PV_STATUSES.join(' / ')}`, example: '规划' },
  ],
};

const EQUIPMENT_CATEGORIES = ['空调', '电梯', '照明', '供热', '数据机房', '水泵', '其他'] as const;
const GRADES = ['1级', '2级', '3级', '4级', '5级', '未知'] as const;
const DISPOSALS = ['淘汰', '更新', '改造', '继续使用'] as const;

const equipment: TableSheetSpec = {
  layout: 'table',
  name: SHEET.equipment,
  required: false,
  purpose: '空调、电梯、照明、供热、数据机房等重点用能设备排查及淘汰更新台账。',
  fields: [
    creditCode(),
    { key: 'category', header: '设备类别', kind: 'enum', required: true, values: EQUIPMENT_CATEGORIES, rule: `必填；${EQUIPMENT_CATEGORIES.join(' / ')}`, example: '空调' },
    { key: 'model', header: '设备名称型号', kind: 'text', required: true, maxLength: 100, rule: '必填；设备名称及型号', example: '格力 KFR-72LW 柜式空调' },
    { key: 'quantity', header: '数量', kind: 'integer', required: true, min: 1, hardMax: 1_000_000, rule: `必填；不小于 1 的整数（台/套）；不超过 ${boundLabel(1_000_000)}`, example: '6' },
    { key: 'commissionYear', header: '投用年份', kind: 'integer', min: 1950, maxIsReportYear: true, rule: '1950 至报告年度之间的整数', example: '2015' },
    {
      key: 'efficiencyGrade',
      header: '能效等级',
      kind: 'enum',
      values: GRADES,
      aliases: { '1': '1级', '2': '2级', '3': '3级', '4': '4级', '5': '5级', 一级: '1级', 二级: '2级', 三级: '3级', 四级: '4级', 五级: '5级' },
      rule: `${GRADES.join(' / ')}`,
      example: '2级',
    },
    { key: 'highEnergy', header: '是否高耗能', kind: 'boolean', required: true, rule: `必填；${YES_NO}`, example: '否' },
    {
      key: 'disposal',
      header: '处置计划',
      kind: 'enum',
      values: DISPOSALS,
      requiredWhen: { field: 'highEnergy', equals: true },
      rule: `“是否高耗能”为“是”时必填；${DISPOSALS.join(' / ')}`,
      example: '更新',
    },
    {
      key: 'plannedDate',
      header: '计划完成时间',
      kind: 'date',
      requiredWhen: { field: 'disposal', oneOf: ['淘汰', '更新', '改造'] },
      rule: '日期；处置计划为淘汰、更新或改造时必填',
      example: '2026-12-31',
    },
  ],
};

const food: TableSheetSpec = {
  layout: 'table',
  name: SHEET.food,
  required: false,
  purpose: '机关食堂反食品浪费季度自查评估，设有食堂的单位每季度至少一行。',
  fields: [
    creditCode(),
    { key: 'checkDate', header: '自查日期', kind: 'date', required: true, withinPeriod: 'quarter', rule: '必填；报告季度内的日期', example: '2026-09-10' },
    { key: 'score', header: '自查得分', kind: 'number', min: 0, max: 100, rule: '0–100 的数字', example: '92' },
    { key: 'problems', header: '发现问题', kind: 'text', maxLength: 500, rule: '选填；自查发现的问题', example: '部分窗口打饭量偏大' },
    {
      key: 'measures',
      header: '整改措施',
      kind: 'text',
      maxLength: 500,
      requiredWhen: { field: 'problems', filled: true },
      rule: '填写了“发现问题”时必填',
      example: '推行小份菜、半份菜',
    },
  ],
};

const hosting: TableSheetSpec = {
  layout: 'table',
  name: SHEET.hosting,
  required: false,
  purpose: '能源费用托管、合同节水管理、合同能源管理项目台账。',
  fields: [
    { key: 'projectName', header: '项目名称', kind: 'text', required: true, unique: true, maxLength: 100, rule: '必填；表内不得重复', example: '泽州县医疗机构能源费用托管项目' },
    { key: 'projectType', header: '项目类型', kind: 'enum', required: true, values: HOSTING_TYPES, rule: `必填；${HOSTING_TYPES.join(' / ')}`, example: '能源费用托管' },
    { key: 'units', header: '覆盖单位数', kind: 'integer', min: 1, hardMax: 10_000, rule: `不小于 1 的整数；不超过 ${boundLabel(10_000)}`, example: '12' },
    nonNegative('hostedArea', '托管面积（m²）', '托管建筑面积（平方米）', '85000', 100_000_000),
    nonNegative('contractAmount', '合同金额（万元/年）', '每年合同金额（万元）', '320', 1_000_000),
    nonNegative('privateInvestment', '社会资本投入（万元）', '社会资本投入的节能改造资金（万元）', '260', 1_000_000),
    { key: 'savingRate', header: '节能（水）率（%）', kind: 'number', min: 0, max: 100, rule: '0–100 的数字（百分比）', example: '6.5' },
    { key: 'signDate', header: '签约日期', kind: 'date', rule: '日期', example: '2026-05-18' },
    { key: 'status', header: '项目状态', kind: 'enum', required: true, values: HOSTING_STATUSES, rule: `必填；${HOSTING_STATUSES.join(' / ')}`, example: '实施中' },
  ],
};

export const TEMPLATE_V1: TemplateSpec = {
  version: 'v1',
  sheets: [basic, institutions, consumption, vehicles, pv, equipment, food, hosting],
};

export function sheetSpec(name: string): TableSheetSpec {
  const spec = TEMPLATE_V1.sheets.find((s) => s.name === name);
  if (!spec || spec.layout !== 'table') throw new Error(`no table sheet ${name} in template v1`);
  return spec;
}
