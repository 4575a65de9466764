/**
 * The full story over real HTTP: the city issues a supervisor invite from the command line; the
 * supervisor binds in chat and invites 泽州县's reporter; the reporter binds, submits a workbook
 * with mistakes (rejected, cells named), then the fixed one (accepted, version 2, receipt); the
 * supervisor sees the progress and the ranking.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { xlsxBuffer } from '../../../bot/xlsx/write.js';
import { sample, setCell } from '../../shared/helpers.js';
import { tempDir } from '../helpers.js';
import { cards, cliIn, fileServer, replyText, say, startTestServer, XLSX_TYPE, type TestServer } from './harness.js';

const SUPERVISOR = { id: 'u-city-li', name: '李督导' };
const REPORTER = { id: 'u-zezhou-wang', name: '王填报' };

describe('e2e: invite → bind → rejected → accepted → status and ranking', function () {
  let server: TestServer;
  let files: Awaited<ReturnType<typeof fileServer>>;
  let cleanup: () => Promise<void>;
  let supervisorCode: string;

  before(async function () {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    // The city issues the first code from the command line, before the server holds the store.
    const invited = await cliIn(temp.dir, ['invite', '--role', 'supervisor', '--format', 'json']);
    assert.equal(invited.code, 0, invited.err);
    supervisorCode = (JSON.parse(invited.out) as { code: string }).code;
    server = await startTestServer({ dir: temp.dir });
    files = await fileServer();
  });

  after(async function () {
    await server?.stop();
    await files?.close();
    await cleanup?.();
  });

  it('runs the whole quarter', async function () {
    // An unbound user is told how to start.
    const stranger = await say(server, REPORTER, '进度');
    assert.equal(stranger.status, 200);
    assert.match(replyText(stranger.replies), /还没有绑定/u);

    // Supervisor binds with the CLI code, then invites 泽州县's reporter in chat.
    const bound = await say(server, SUPERVISOR, `绑定 ${supervisorCode.toLowerCase()}`);
    assert.match(replyText(bound.replies), /绑定成功：你是全市督导员/u);
    const invite = await say(server, SUPERVISOR, '邀请 泽州县 填报员');
    const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/u.exec(replyText(invite.replies))?.[1];
    assert.ok(code, replyText(invite.replies));

    const reporterBound = await say(server, REPORTER, `绑定 ${code}`);
    assert.match(replyText(reporterBound.replies), /绑定成功：你是泽州县填报员/u);
    // A code works once.
    const again = await say(server, { id: 'u-other', name: '赵' }, `绑定 ${code}`);
    assert.match(replyText(again.replies), /已经被使用过/u);

    // A workbook with mistakes: rejected, with the cells named.
    const bad = sample();
    setCell(bad, '单位名录', 'E3', '很多人');
    setCell(bad, '基本信息', 'B6', '12345');
    const badBytes = await xlsxBuffer(bad);
    const rejected = await say(server, REPORTER, '', [{ name: '泽州县-2026Q3.xlsx', contentType: XLSX_TYPE, contentUrl: files.put('泽州县-2026Q3.xlsx', badBytes) }]);
    const rejectedText = replyText(rejected.replies);
    assert.equal(cards(rejected.replies).length, 1);
    assert.match(rejectedText, /未通过/u);
    assert.match(rejectedText, /单位名录 E3\n「用能人数」的值“很多人”不是整数/u);
    assert.match(rejectedText, /基本信息 B6\n「联系电话」/u);
    assert.match(rejectedText, /第 1 版（未通过，不计入统计）/u);
    assert.ok(rejectedText.includes(createHash('sha256').update(badBytes).digest('hex')), 'the receipt carries the sha-256 of the bytes sent');

    // Before a version is accepted the county counts as not submitted.
    const midway = await say(server, SUPERVISOR, '进度 2026Q3');
    assert.match(replyText(midway.replies), /已报送 0 个/u);

    // The fixed workbook: accepted as version 2, with indicators and a receipt.
    const good = await xlsxBuffer(sample());
    const accepted = await say(server, REPORTER, '', [{ name: '泽州县-2026Q3-改.xlsx', contentType: XLSX_TYPE, contentUrl: files.put('good.xlsx', good) }]);
    const acceptedText = replyText(accepted.replies);
    assert.match(acceptedText, /✓ 已受理/u);
    assert.match(acceptedText, /版本：第 2 版/u);
    assert.match(acceptedText, /新能源车占比：✓ 达标 75\.00%（目标 ≥ 35%）/u);
    assert.match(acceptedText, /截止日期：2026年10月15日/u);
    assert.ok(!/逾期/u.test(acceptedText), 'received 10-10, due 10-15: on time');
    assert.ok(acceptedText.includes(createHash('sha256').update(good).digest('hex')));

    // Both versions are kept, with their files.
    const stored = (await server.repo.submissions({ county: '泽州县', period: '2026Q3' }));
    assert.deepEqual(stored.map((s) => [s.version, s.status]), [
      [1, 'rejected'],
      [2, 'accepted'],
    ]);
    assert.deepEqual(await server.repo.original(stored[0]!), badBytes);

    // The reporter's own history.
    const mine = await say(server, REPORTER, '我的提交');
    assert.match(replyText(mine.replies), /2026年第3季度 第 2 版/u);
    assert.match(replyText(mine.replies), /2026年第3季度 第 1 版/u);

    // The supervisor sees everyone; the reporter only their county.
    const status = replyText((await say(server, SUPERVISOR, '进度 2026Q3')).replies);
    assert.match(status, /已报送 1 个（按时 1，逾期 0），未通过待重报 0 个，未报送 5 个/u);
    for (const county of ['城区', '沁水县', '阳城县', '陵川县', '高平市']) assert.ok(status.includes(county), county);
    const own = replyText((await say(server, REPORTER, 'status 2026Q3')).replies);
    assert.ok(own.includes('泽州县') && !own.includes('高平市'), own);

    const ranking = replyText((await say(server, SUPERVISOR, '排名 2026Q3')).replies);
    const lines = ranking.split('\n');
    // 泽州县 is the only county with an accepted workbook: first, ahead of five that did not submit.
    const first = lines.findIndex((l) => l === '1');
    assert.ok(first >= 0 && lines[first + 1] === '泽州县', ranking);
    assert.match(ranking, /扣分：[^\n]*能耗同比 −5\.0/u);
    assert.equal((ranking.match(/未报送/gu) ?? []).length, 5);
  });
});
