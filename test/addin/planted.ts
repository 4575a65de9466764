/**
 * A county workbook from the sample generator with mistakes planted the way county staff make
 * them, for the add-in's tests (gateway, pane, browser) and its benchmark.
 */
import { JINCHENG } from '../../shared/counties.js';
import { generateSample } from '../../shared/sample/generate.js';
import type { WorkbookInput } from '../../shared/table/sheet.js';
import { dataRows, getField, setField } from '../shared/helpers.js';

export interface Planted {
  input: WorkbookInput;
  /** "Sheet!A1" of each planted mistake, and what the issue is about. */
  cells: { sheet: string; cell: string; what: string }[];
}

export function plantedWorkbook(institutions = 60, seed = 3): Planted {
  const input = generateSample({ county: JINCHENG.counties[4]!, period: { year: 2026, quarter: 3 }, institutions, seed });
  const cells: Planted['cells'] = [];
  const dir = dataRows(input, '单位名录');
  // A credit code with a wrong check character.
  const code = String(getField(input, '单位名录', '统一社会信用代码', dir[1]!));
  const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
  cells.push({ sheet: '单位名录', cell: setField(input, '单位名录', '统一社会信用代码', dir[1]!, wrong), what: 'checksum' });
  // A required field left blank.
  cells.push({ sheet: '单位名录', cell: setField(input, '单位名录', '建筑面积（m²）', dir[2]!, null), what: 'required' });
  // A choice one character off.
  cells.push({ sheet: '单位名录', cell: setField(input, '单位名录', '单位类型', dir[3]!, '党政机'), what: 'enum' });
  // More water-saving fixtures than fixtures.
  const total = Number(getField(input, '单位名录', '用水器具总数', dir[4]!));
  cells.push({ sheet: '单位名录', cell: setField(input, '单位名录', '节水型器具数', dir[4]!, total + 5), what: 'cross-field' });
  // An impossible value.
  const use = dataRows(input, '能源资源消费');
  cells.push({ sheet: '能源资源消费', cell: setField(input, '能源资源消费', '电力（kWh）', use[0]!, 1e12), what: 'hardMax' });
  return { input, cells };
}
