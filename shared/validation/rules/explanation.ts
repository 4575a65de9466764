/**
 * Whether a 异常说明 explains anything. A row's outlier warnings are cleared only by an explanation
 * of real words: stock phrases ("无", "数据属实", "见附件", "同上"), punctuation, repeated characters
 * and fewer than MIN_HAN Chinese characters are refused, and the warning stays with the reason.
 */
import { EXPLANATION_MIN_HAN } from '../../template/v1.js';

/** Chinese characters an explanation needs at least (declared with the template's 异常说明 rule). */
export const MIN_HAN = EXPLANATION_MIN_HAN;

export type NoteRefusal = 'placeholder' | 'repeated' | 'tooShort';

/**
 * Words that say nothing about why a value is unusual. A note made only of these (in any
 * combination: "经核实数据无误", "数据属实，无异常") is a placeholder.
 */
const STOCK = [
  '无', '没有', '暂无', '空', '略', '同上', '如上', '同前', '同左', '见附件', '详见附件', '附件', '另附', '见说明', '详见',
  '说明', '异常', '异常说明', '情况说明', '备注', '原因', '其他', '其它', '其他原因', '特殊情况', '特殊原因', '客观原因',
  '实际情况', '实际需要', '工作需要', '业务需要', '正常', '正常波动', '波动', '变化', '较大', '偏大', '偏高', '偏低',
  '数据', '情况', '属实', '真实', '真实有效', '准确', '无误', '正确', '核实', '已核实', '经核实', '确认', '已确认',
  '待补充', '待定', '待查', '不详', '不清楚', '不知道', '未知', '测试', '已', '经', '均', '的', '是', '为', '和', '及',
  'na', 'none', 'null', 'nil', 'no', 'ok', 'test', 'tbd', 'todo', 'x+', '0+',
];
const STOCK_ONLY = new RegExp(
  `^(?:${[...STOCK].sort((a, b) => b.length - a.length).join('|')})+$`,
  'u',
);

/** Null when the note explains, else why it does not. */
export function judgeExplanation(note: string): NoteRefusal | null {
  const text = note.normalize('NFKC').toLowerCase();
  const compact = text.replace(/[\s\p{P}\p{S}]/gu, '');
  if (compact === '' || STOCK_ONLY.test(compact)) return 'placeholder';
  if (compact.length >= 3 && new Set(compact).size <= 2) return 'repeated';
  const han = text.match(/\p{Script=Han}/gu) ?? [];
  if (han.length >= MIN_HAN) return new Set(han).size < 3 ? 'repeated' : null;
  // The equivalent in Latin letters: at least three distinct words ("new ward opened").
  const words = text.match(/\p{Script=Latin}{2,}/gu) ?? [];
  if (new Set(words).size >= 3) return null;
  return 'tooShort';
}
