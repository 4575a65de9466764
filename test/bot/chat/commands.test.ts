/** Chat text → command: Chinese words, English aliases, full-width input, and report periods. */
import assert from 'node:assert/strict';
import { COMMAND_WORDS, parseChatCommand, parsePeriodText } from '../../../bot/chat/commands.js';

describe('bot/chat/commands', () => {
  describe('parseChatCommand', () => {
    it('recognises help in Chinese, English and as a question mark (half- and full-width)', () => {
      for (const t of ['帮助', 'help', 'HELP', '?', '？', '菜单', ' 帮助 ', 'help me']) {
        assert.deepEqual(parseChatCommand(t), { name: 'help' }, t);
      }
    });

    it('accepts a leading slash, also full-width', () => {
      assert.deepEqual(parseChatCommand('／帮助'), { name: 'help' });
      assert.deepEqual(parseChatCommand('/help'), { name: 'help' });
      assert.deepEqual(parseChatCommand('／进度 2026Q3'), { name: 'progress', period: '2026Q3' });
    });

    it('takes the invite code after 绑定 / bind, as typed', () => {
      assert.deepEqual(parseChatCommand('绑定 k7qd-m3xa'), { name: 'bind', code: 'k7qd-m3xa' });
      assert.deepEqual(parseChatCommand('bind K7QD-M3XA'), { name: 'bind', code: 'K7QD-M3XA' });
      assert.deepEqual(parseChatCommand('绑定K7QD-M3XA'), { name: 'bind', code: 'K7QD-M3XA' });
      assert.deepEqual(parseChatCommand('绑定 K7QD M3XA'), { name: 'bind', code: 'K7QDM3XA' }, 'a code typed in two halves is joined');
      assert.deepEqual(parseChatCommand('绑定'), { name: 'bind', code: '' });
    });

    it('progress without a period means the current one (null)', () => {
      assert.deepEqual(parseChatCommand('进度'), { name: 'progress', period: null });
      assert.deepEqual(parseChatCommand('status'), { name: 'progress', period: null });
      assert.deepEqual(parseChatCommand('progress'), { name: 'progress', period: null });
    });

    it('passes the period text through for progress and ranking', () => {
      assert.deepEqual(parseChatCommand('进度 2026Q3'), { name: 'progress', period: '2026Q3' });
      assert.deepEqual(parseChatCommand('status 2026q3'), { name: 'progress', period: '2026q3' });
      assert.deepEqual(parseChatCommand('排名 2026年第三季度'), { name: 'ranking', period: '2026年第三季度' });
      assert.deepEqual(parseChatCommand('进度   2026  Q3'), { name: 'progress', period: '2026 Q3' }, 'runs of spaces collapse');
      assert.deepEqual(parseChatCommand('ranking 2026Q1'), { name: 'ranking', period: '2026Q1' });
      assert.deepEqual(parseChatCommand('rank'), { name: 'ranking', period: null });
    });

    it('recognises 我的提交 and its English aliases', () => {
      for (const t of ['我的提交', 'my submissions', 'My Submissions', 'mine', 'submissions']) {
        assert.deepEqual(parseChatCommand(t), { name: 'mine' }, t);
      }
    });

    it('requires English words to end at a word boundary', () => {
      assert.deepEqual(parseChatCommand('statusx'), { name: 'unknown', text: 'statusx' });
      assert.deepEqual(parseChatCommand('helpful'), { name: 'unknown', text: 'helpful' });
      assert.deepEqual(parseChatCommand('rankings'), { name: 'unknown', text: 'rankings' });
      assert.deepEqual(parseChatCommand('binder 1'), { name: 'unknown', text: 'binder 1' });
    });

    it('splits the invite arguments on spaces', () => {
      assert.deepEqual(parseChatCommand('邀请 泽州县 填报员'), { name: 'invite', args: ['泽州县', '填报员'] });
      assert.deepEqual(parseChatCommand('invite  督导员'), { name: 'invite', args: ['督导员'] });
      assert.deepEqual(parseChatCommand('邀请'), { name: 'invite', args: [] });
    });

    it('returns anything else as unknown with the normalised text', () => {
      assert.deepEqual(parseChatCommand('你好'), { name: 'unknown', text: '你好' });
      assert.deepEqual(parseChatCommand('  '), { name: 'unknown', text: '' });
      assert.deepEqual(parseChatCommand('ＡＢＣ'), { name: 'unknown', text: 'ABC' }, 'full-width letters are normalised');
    });

    it('lists the Chinese word first for every command (帮助 shows it)', () => {
      for (const words of Object.values(COMMAND_WORDS)) assert.match(words[0]!, /\p{Script=Han}/u);
    });
  });

  describe('parsePeriodText', () => {
    it('reads 2026Q3 in its written forms', () => {
      for (const t of ['2026Q3', '2026q3', '2026 Q3', '2026年第三季度', '2026年3季度', '２０２６Ｑ３', '2026年第3季度']) {
        assert.deepEqual(parsePeriodText(t), { year: 2026, quarter: 3 }, t);
      }
    });

    it('reads each Chinese quarter numeral', () => {
      assert.deepEqual(parsePeriodText('2025年第一季度'), { year: 2025, quarter: 1 });
      assert.deepEqual(parsePeriodText('2025年第二季度'), { year: 2025, quarter: 2 });
      assert.deepEqual(parsePeriodText('2025年第四季度'), { year: 2025, quarter: 4 });
    });

    it('rejects what is not a period', () => {
      for (const t of ['abc', '', '2026', '2026Q5', '2026年第五季度', '2026年第0季度', '26Q3', '2026Q3x']) {
        assert.equal(parsePeriodText(t), undefined, t);
      }
    });
  });
});
