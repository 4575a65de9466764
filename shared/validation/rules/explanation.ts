/**
 * Whether a 异常说明 explains anything. A row's outlier warnings are cleared only by an explanation
 * of real words: the note's stock words and office phrases ("无", "数据属实", "见附件", "按实际填写",
 * "情况属实请审核") are taken out first, and what remains must still say something (at least
 * CONTENT_MIN_HAN Chinese characters, out of EXPLANATION_MIN_HAN in all, numbers and dates not
 * counted; or three English words of content). Punctuation and repeated characters are refused
 * too, and the warning stays with the reason.
 */
import { EXPLANATION_MIN_HAN } from '../../template/v1.js';

/** Chinese characters of real content a note needs once its stock words are taken out ("正常供暖" → 供暖). */
const CONTENT_MIN_HAN = 2;

export type NoteRefusal = 'placeholder' | 'repeated' | 'tooShort';

/**
 * Words and office phrases that say nothing about why a value is unusual. A note made only of
 * these (in any combination: "经核实数据无误", "数据属实，无异常", "已核实，数据可靠") is a placeholder.
 */
const STOCK = [
  '无', '没有', '暂无', '空', '略', '同上', '如上', '同前', '同左', '见附件', '详见附件', '附件', '另附', '见说明', '详见',
  '说明', '异常', '异常说明', '情况说明', '备注', '见备注', '已备注', '已说明', '原因', '其他', '其它', '其他原因', '特殊情况', '特殊原因', '客观原因',
  '实际情况', '实际需要', '工作需要', '业务需要', '正常', '正常波动', '波动', '变化', '较大', '偏大', '偏高', '偏低',
  '数据', '情况', '属实', '真实', '真实有效', '有效', '准确', '无误', '正确', '核实', '已核实', '经核实', '确认', '已确认',
  '可靠', '真实可靠', '准确无误', '确认无误', '情况属实', '如实', '据实', '按实', '实际', '按实际', '以实际为准', '为准',
  '符合', '符合实际', '相符', '一致', '合理', '合理范围', '正常范围', '范围内', '无异常', '没问题', '没有问题', '问题',
  '一切正常', '运行正常', '正常运行', '使用正常', '正常使用', '使用', '无变化', '变化不大', '基本持平', '持平', '差不多',
  '填写', '填报', '如实填报', '已填报', '审核', '请审核', '审批', '审阅', '核查', '核对', '已核对', '查收', '领导', '同意', '批准',
  '保证', '承诺', '负责', '可以', '单位', '本单位', '我单位', '本季度', '本期', '上期', '同期',
  '补充', '后补', '待补充', '待核实', '核实中', '正在核实', '待定', '待查', '不详', '不清楚', '不知道', '未知', '测试',
  '参见', '参看', '参照', '详见附件说明材料', '上表', '下表', '附表', '表格', '说明材料', '材料', '不需要', '无需', '不用', '需要',
  '已', '经', '均', '的', '是', '为', '和', '及', '请', '按', '以', '了',
  'na', 'none', 'null', 'nil', 'no', 'ok', 'test', 'tbd', 'todo', 'x+', '0+',
];
const byLength = [...STOCK].sort((a, b) => b.length - a.length);
const STOCK_ONLY = new RegExp(`^(?:${byLength.join('|')})+$`, 'u');
/**
 * What is taken out of a longer note before its content is counted: the phrases of two or more
 * characters and the particles, not single characters that also start real words (空 of 空调).
 */
const STOCK_PHRASE = new RegExp(byLength.filter((w) => /^\p{Script=Han}{2,}$/u.test(w) || '已经均的是为和及请按以了'.includes(w)).join('|'), 'gu');

/** Numbers and dates say when or how much, not why: "2026年第三季度", "123四五六七" explain nothing. */
const NUMERALS_AND_PERIODS = /[0-9]+|[一二三四五六七八九十零〇百千万两]+|第|季度|年度|[年月日号季]/gu;

/** English words that say nothing about why ("data is correct", "see attachment please"). */
const STOCK_WORDS = new Set([
  'data', 'is', 'are', 'was', 'were', 'the', 'and', 'for', 'this', 'that', 'ok', 'okay', 'correct', 'verified', 'verify', 'true', 'right', 'fine',
  'normal', 'see', 'attachment', 'attached', 'please', 'check', 'checked', 'confirmed', 'confirm', 'accurate', 'problem', 'problems',
  'issue', 'same', 'above', 'below', 'valid', 'real', 'actual', 'value', 'values', 'number', 'numbers', 'figure', 'figures', 'report',
  'reported', 'quarter', 'nothing', 'none', 'yes', 'all', 'good', 'noted', 'note', 'explained', 'explanation', 'reason', 'other', 'others',
]);
/** English words of real content a note needs (three letters at least, with a vowel: "zxcv" is not a word). */
const CONTENT_MIN_WORDS = 3;

/** Null when the note explains, else why it does not. */
export function judgeExplanation(note: string): NoteRefusal | null {
  const text = note.normalize('NFKC').toLowerCase();
  const compact = text.replace(/[\s\p{P}\p{S}]/gu, '');
  if (compact === '' || STOCK_ONLY.test(compact)) return 'placeholder';
  if (compact.length >= 3 && new Set(compact).size <= 2) return 'repeated';
  const han = text.match(/\p{Script=Han}/gu) ?? [];
  if (han.length >= EXPLANATION_MIN_HAN) {
    if (new Set(han).size < 3) return 'repeated';
    const content = compact.replace(STOCK_PHRASE, '').replace(NUMERALS_AND_PERIODS, '').match(/\p{Script=Han}/gu) ?? [];
    return content.length >= CONTENT_MIN_HAN ? null : 'placeholder';
  }
  // The equivalent in Latin letters: at least three distinct words of content ("new ward opened").
  const words = (text.match(/\p{Script=Latin}{2,}/gu) ?? []).filter((w) => !STOCK_WORDS.has(w));
  if (new Set(words.filter((w) => w.length >= 3 && /[aeiouy]/u.test(w))).size >= CONTENT_MIN_WORDS) return null;
  return words.length === 0 && /\p{Script=Latin}/u.test(text) ? 'placeholder' : 'tooShort';
}
