/**
 * One chat message in, replies out. Knows the rules (who may do what), not the chat SDK: files go
 * to intake, text to the commands. Every refusal says what is wrong and what to do, and changes
 * nothing stored.
 */
import { findCounty } from '../../shared/counties.js';
import { lastEndedQuarter, periodId, type Period } from '../../shared/period.js';
import { submissionDue } from '../../shared/schedule/deadlines.js';
import { DEFAULT_SCHEDULE_RULES } from '../../shared/schedule/rules.js';
import { defaultNoticeSettings, draftFromStore, duePassed, notDueText, publishNotice, type NoticeDeps } from '../notices/service.js';
import { lastReminders } from '../reminders/status.js';
import { noticeCard } from './cards/notice.js';
import { card, command as button, text } from './cards/elements.js';
import { hashSecret, issueInvite, normalizeInviteCode, parseRole, ROLE_LABEL } from '../access/access.js';
import { logError } from '../log.js';
import { NOTICE_CHANNEL_PREFIX, type Member } from '../store/types.js';
import { intake } from '../submissions/intake.js';
import { countyProgress, progressOf, rankingOf } from '../submissions/progress.js';
import { receiptFacts } from '../submissions/receipt.js';
import { helpCard } from './cards/help.js';
import { addin, inGroup, template, token, welcome } from './onboarding.js';
import { mySubmissionsCard, progressCard, rankingCard } from './cards/progress.js';
import { submissionCard, unidentifiedCard } from './cards/submission.js';
import { parseChatCommand, parsePeriodText, type ChatCommand } from './commands.js';
import { ATTACHMENT_UNAVAILABLE, DownloadError, type ChatServices, type IncomingFile, type IncomingMessage, type Reply } from './types.js';

const say = (text: string): Reply[] => [{ kind: 'text', text }];

const NOT_BOUND = '你还没有绑定县（市、区）。请向市机关事务管理局索取邀请码，然后发送“绑定 邀请码”，例如：绑定 K7QD-M3XA。';

async function countyNames(s: ChatServices): Promise<string[]> {
  const stored = (await s.repo.counties()).map((c) => c.name);
  return stored.length > 0 ? stored : s.region.counties.map((c) => c.name);
}

/** The quarter a command names, or by default the last one that has ended. */
function resolvePeriod(arg: string | null, s: ChatServices): { period: Period; id: string } | { error: string } {
  const p = arg === null ? lastEndedQuarter(s.now()) : parsePeriodText(arg);
  if (!p || p.year < 2020 || p.year > 2100) return { error: `“${arg}”不是有效的报告期。请写成 2026Q3 或 2026年第三季度。` };
  return { period: p, id: periodId(p) };
}

async function bind(code: string, msg: IncomingMessage, s: ChatServices): Promise<Reply[]> {
  const normal = normalizeInviteCode(code);
  if (!normal) return say('请在“绑定”后面写上 8 位邀请码，例如：绑定 K7QD-M3XA。邀请码由市机关事务管理局发放。');
  const result = await s.repo.redeemInvite(hashSecret(normal), { channelId: msg.user.channelId, userId: msg.user.id, name: msg.user.name }, s.now());
  if (!result.ok) {
    const why = { unknown: '邀请码不正确，请核对后重发（注意区分字母与数字）', used: '这个邀请码已经被使用过', expired: '这个邀请码已过期' }[result.reason];
    return say(`绑定失败：${why}。如需新的邀请码，请联系市机关事务管理局。`);
  }
  const m = result.member;
  const scope = m.role === 'reporter' ? `${m.county}${ROLE_LABEL.reporter}` : `全市${ROLE_LABEL.supervisor}`;
  const next =
    m.role === 'reporter'
      ? '现在可以直接把本季度的 .xlsx 报表作为附件发给我；发送“帮助”查看全部命令。'
      : '现在可以用“进度”“排名”查看各县报送情况，用“邀请 泽州县 填报员”为县里发放邀请码。';
  // The next steps as buttons, so a new user goes on without typing.
  const line = `绑定成功：你是${scope}。${next}`;
  const buttons =
    m.role === 'reporter'
      ? [button('下载模板', '模板'), button('安装 Excel 加载项', '加载项'), button('帮助', '帮助')]
      : [button('进度', '进度'), button('排名', '排名'), button('帮助', '帮助')];
  return [{ kind: 'card', card: card([text(line)], line, buttons) }];
}

async function invite(args: string[], member: Member | undefined, s: ChatServices, actor: string): Promise<Reply[]> {
  if (!member) return say(NOT_BOUND);
  if (member.role !== 'supervisor') return say('只有督导员可以发放邀请码。填报员如需为同事开通，请联系市机关事务管理局。');
  let role: ReturnType<typeof parseRole> = null;
  let county: string | null = null;
  const unknown: string[] = [];
  for (const a of args) {
    const r = parseRole(a);
    const c = findCounty(s.region, a);
    if (r) role = r;
    else if (c) county = c.name;
    else unknown.push(a);
  }
  const usage = `用法：邀请 县（市、区） 填报员，例如“邀请 泽州县 填报员”；或“邀请 督导员”。可选的县（市、区）：${(await countyNames(s)).join('、')}。`;
  if (unknown.length > 0) return say(`无法识别“${unknown.join(' ')}”。${usage}`);
  if (!role) return say(`请说明角色（填报员或督导员）。${usage}`);
  if (role === 'reporter' && !county) return say(`填报员必须属于一个县（市、区）。${usage}`);
  const issued = await issueInvite(s.repo, { county, role, actor, now: s.now(), ttlDays: s.inviteTtlDays });
  const who = role === 'reporter' ? `${county}${ROLE_LABEL.reporter}` : `全市${ROLE_LABEL.supervisor}`;
  return say(`已生成${who}邀请码：${issued.code}（一次有效，${s.inviteTtlDays} 天内使用）。请转交本人，在与我的聊天中发送“绑定 ${issued.code}”。`);
}

async function submit(file: IncomingFile, member: Member | undefined, msg: IncomingMessage, s: ChatServices): Promise<Reply[]> {
  if (!member) return say(NOT_BOUND);
  if (member.role !== 'reporter' || !member.county) return say('只有县（市、区）填报员可以提交报表。督导员请用“进度”“排名”查看情况。');
  if (!/\.xlsx$/iu.test(file.name) && file.contentType !== 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
    return say(`“${file.name}”不是 Excel 工作簿（.xlsx）。请发送用 Excel 或 WPS 保存的 .xlsx 报表；.xls 请先“另存为 Excel 工作簿 (*.xlsx)”。`);
  }
  const limitMb = Math.round(s.maxUploadBytes / 1048576);
  if (file.size !== null && file.size > s.maxUploadBytes) return say(`文件“${file.name}”超过 ${limitMb} MB 的上限，没有接收。请删除无关的工作表、图片后重新保存再发送。`);
  let data: Buffer;
  try {
    data = await file.download(s.maxUploadBytes);
  } catch (err) {
    if (err instanceof DownloadError) {
      if (err.detail) logError('chat.download', err.detail);
      if (err.reason === 'too-large') return say(`文件“${file.name}”超过 ${limitMb} MB 的上限，没有接收。请删除无关的工作表、图片后重新保存再发送。`);
      // One neutral sentence for every other failure: the sender learns nothing about our network.
      return say(`文件“${file.name}”${ATTACHMENT_UNAVAILABLE}`);
    }
    throw err;
  }
  const outcome = await intake(
    {
      county: member.county,
      sender: { kind: 'member', id: `${msg.user.channelId}:${msg.user.id}`, name: msg.user.name },
      via: 'chat',
      payload: { kind: 'xlsx', data, name: file.name },
      now: s.now(),
    },
    { repo: s.repo, calendar: s.calendar, region: s.region, coefficients: s.coefficients, checker: s.checker, maxInflatedBytes: s.maxInflatedBytes },
  );
  switch (outcome.kind) {
    case 'unreadable':
      return say(`${outcome.message}这份文件没有保存。`);
    case 'unidentified':
      return [{ kind: 'card', card: unidentifiedCard(outcome.checked) }];
    case 'wrong-county':
      return say(`这份报表“基本信息”中的县（市、区）是${outcome.found}，而你是${outcome.expected}的填报员，只能提交${outcome.expected}的报表。请核对文件或“基本信息”后重新发送；这份文件没有保存。`);
    case 'future-period':
      return say(`报告期 ${outcome.period} 还没有开始，不能提交。请核对“基本信息”中的报告年度和报告季度；这份文件没有保存。`);
    case 'stored': {
      const record = outcome.record;
      const reportUrl = s.links && record.issueCount > 0 ? s.links.issueReport(record) : null;
      return [{ kind: 'card', card: submissionCard(record, outcome.checked, outcome.due, { ...(await receiptFacts(record, s.repo)), reportUrl }) }];
    }
  }
}

async function progress(arg: string | null, member: Member | undefined, s: ChatServices): Promise<Reply[]> {
  if (!member) return say(NOT_BOUND);
  const p = resolvePeriod(arg, s);
  if ('error' in p) return say(p.error);
  const due = submissionDue(p.period, s.calendar, rules(s));
  const reminders = await lastReminders(s.repo, s.now(), p.id);
  if (member.role === 'reporter' && member.county) {
    return [{ kind: 'card', card: progressCard(p.id, due, [await countyProgress(s.repo, member.county, p.id)], 'county', reminders) }];
  }
  const options = { supervisor: member.role === 'supervisor', urge: ended(p.id, s) };
  return [{ kind: 'card', card: progressCard(p.id, due, await progressOf(s.repo, p.id, await countyNames(s)), 'city', reminders, options) }];
}

/** Whether the quarter has ended (its workbooks can be submitted, and chased). */
function ended(period: string, s: ChatServices): boolean {
  return period <= periodId(lastEndedQuarter(s.now()));
}

const rules = (s: ChatServices) => s.schedule ?? DEFAULT_SCHEDULE_RULES;

function noticeDeps(s: ChatServices): NoticeDeps {
  return { repo: s.repo, calendar: s.calendar, rules: rules(s), region: s.region, settings: s.notices ?? defaultNoticeSettings(s.region), now: s.now };
}

const SUPERVISORS_ONLY = '只有督导员可以预览和发布通报。填报员可以用“排名”查看各县得分。';

async function noticeChannel(member: Member | undefined, msg: IncomingMessage, s: ChatServices): Promise<Reply[]> {
  if (!member) return say(NOT_BOUND);
  if (member.role !== 'supervisor') return say('只有督导员可以设置通报群。');
  const c = msg.conversation;
  if (!c || c.type === 'personal') return say('请在要接收通报和逾期汇总的团队频道或群聊中 @我 发送“设为通报群”；私聊不能设为通报群。');
  const key = `${NOTICE_CHANNEL_PREFIX}${msg.user.channelId}:${c.id}`;
  await s.repo.saveConversation({ key, channelId: msg.user.channelId, userId: msg.user.id, county: null, role: 'supervisor', reference: c.reference, updatedAt: s.now().toISOString() });
  await s.repo.audit({ at: s.now().toISOString(), actor: `${msg.user.channelId}:${msg.user.id}`, action: 'notice-channel.set', detail: `${msg.user.channelId}:${c.id}` });
  return say(`已把${c.type === 'channel' ? '本频道' : '本群'}设为通报群：发布的通报、自动生成的通报草稿和逾期未报汇总会发到这里。`);
}

async function previewNotice(arg: string | null, member: Member | undefined, msg: IncomingMessage, s: ChatServices): Promise<Reply[]> {
  if (!member) return say(NOT_BOUND);
  if (member.role !== 'supervisor') return say(SUPERVISORS_ONLY);
  if (msg.conversation && msg.conversation.type !== 'personal') return say('通报草稿只在与我的私聊中预览，以免群里的人看到未发布的内容。请在私聊中发送“预览通报”。');
  const p = resolvePeriod(arg, s);
  if ('error' in p) return say(p.error);
  const drafted = await draftFromStore(noticeDeps(s), p.period, { draft: true });
  const publishable = duePassed(drafted.due, s.now());
  const replies: Reply[] = [{ kind: 'card', card: noticeCard(drafted.notice, { draft: true, links: s.links?.notice?.(p.id, null), publish: publishable ? `发布通报 ${p.id}` : undefined }) }];
  if (!duePassed(drafted.due, s.now())) replies.unshift({ kind: 'text', text: notDueText(p.period, drafted.due, s.now()) });
  return replies;
}

async function publish(arg: string | null, member: Member | undefined, msg: IncomingMessage, s: ChatServices): Promise<Reply[]> {
  if (!member) return say(NOT_BOUND);
  if (member.role !== 'supervisor') return say(SUPERVISORS_ONLY);
  const p = resolvePeriod(arg, s);
  if ('error' in p) return say(p.error);
  const result = await publishNotice(noticeDeps(s), p.period, `${msg.user.channelId}:${msg.user.id}`);
  if (!result.ok) return say(result.message);
  s.published?.();
  const { notice } = result.stored;
  const where = s.published ? '已发布，并将发到通报群和配置的群机器人。' : '已发布。自动发送已关闭（JIENENG_REMINDERS=false），通报不会自动发到通报群和群机器人，请自行转发。';
  const head = notice.revision === 0 ? `${notice.docNumber} ${where}` : `第 ${notice.revision} 次更正（${notice.docNumber}）${where}`;
  return [
    { kind: 'text', text: head },
    { kind: 'card', card: noticeCard(notice, { draft: false, links: s.links?.notice?.(p.id, notice.revision) }) },
  ];
}

async function ranking(arg: string | null, member: Member | undefined, s: ChatServices): Promise<Reply[]> {
  if (!member) return say(NOT_BOUND);
  const p = resolvePeriod(arg, s);
  if ('error' in p) return say(p.error);
  const due = submissionDue(p.period, s.calendar, rules(s));
  const note = duePassed(due, s.now()) ? null : notDueText(p.period, due, s.now());
  return [{ kind: 'card', card: rankingCard(p.id, await rankingOf(s.repo, p.id, await countyNames(s)), note, { supervisor: member.role === 'supervisor' }) }];
}

/** "泽州县 2026Q3" / "泽州 2026年第三季度" → the county and the quarter (the last ended one by default). */
function countyAndPeriod(args: readonly string[], s: ChatServices, usage: string): { county: string; period: Period; id: string } | { error: string } {
  const [name, ...rest] = args;
  const county = name ? findCounty(s.region, name) : undefined;
  if (!county) return { error: `${name ? `没有“${name.slice(0, 20)}”这个县（市、区）。` : ''}${usage}` };
  const p = resolvePeriod(rest.length ? rest.join(' ') : null, s);
  return 'error' in p ? p : { county: county.name, ...p };
}

async function urge(args: string[], member: Member | undefined, s: ChatServices): Promise<Reply[]> {
  if (!member) return say(NOT_BOUND);
  if (member.role !== 'supervisor') return say('只有督导员可以催报。');
  const target = countyAndPeriod(args, s, '用法：催报 泽州县 [2026Q3]。');
  if ('error' in target) return say(target.error);
  if (!ended(target.id, s)) return say(`${target.id} 还没有结束，县里还不能报送这一季度，不能催报。`);
  const standing = await countyProgress(s.repo, target.county, target.id);
  if (standing.state === 'on-time' || standing.state === 'late') return say(`${target.county}已提交通过校验的${target.id}报表（第 ${standing.counted!.version} 版），无需催报。`);
  if (!s.remind) return say('这个服务没有启用提醒发送，催报未发出。');
  return say(await s.remind(target.county, target.period));
}

async function viewSubmissions(args: string[], member: Member | undefined, s: ChatServices): Promise<Reply[]> {
  if (!member) return say(NOT_BOUND);
  // A reporter may leave the county out: "查看提交 2026Q2" is their own county's quarter.
  const own = member.county && (args.length === 0 || parsePeriodText(args.join(' '))) ? [member.county, ...args] : args;
  const target = countyAndPeriod(own, s, '用法：查看提交 泽州县 [2026Q3]。');
  if ('error' in target) return say(target.error);
  if (member.role !== 'supervisor' && target.county !== member.county) return say(`填报员只能查看本县（${member.county ?? ''}）的提交。`);
  const records = await s.repo.submissions({ county: target.county, period: target.id });
  return [{ kind: 'card', card: mySubmissionsCard(target.county, records, s.links) }];
}

async function mine(member: Member | undefined, s: ChatServices): Promise<Reply[]> {
  if (!member) return say(NOT_BOUND);
  if (member.role !== 'reporter' || !member.county) return say('督导员没有本人的提交。用“进度”查看各县报送情况，或“进度 2026Q3”查看指定季度。');
  return [{ kind: 'card', card: mySubmissionsCard(member.county, await s.repo.submissions({ county: member.county }), s.links) }];
}

async function command(cmd: ChatCommand, member: Member | undefined, msg: IncomingMessage, s: ChatServices): Promise<Reply[]> {
  const actor = `${msg.user.channelId}:${msg.user.id}`;
  switch (cmd.name) {
    case 'help':
      return [{ kind: 'card', card: helpCard(member, { group: inGroup(msg) }) }];
    case 'bind':
      return bind(cmd.code, msg, s);
    case 'invite':
      return invite(cmd.args, member, s, actor);
    case 'progress':
      return progress(cmd.period, member, s);
    case 'ranking':
      return ranking(cmd.period, member, s);
    case 'mine':
      return mine(member, s);
    case 'noticeChannel':
      return noticeChannel(member, msg, s);
    case 'urge':
      return urge(cmd.args, member, s);
    case 'viewSubmissions':
      return viewSubmissions(cmd.args, member, s);
    case 'template':
      return template(member, s);
    case 'addin':
      return addin(member, msg, s);
    case 'token':
      return token(member, msg, s);
    case 'previewNotice':
      return previewNotice(cmd.period, member, msg, s);
    case 'publishNotice':
      return publish(cmd.period, member, msg, s);
    case 'unknown':
      return say(
        cmd.text === ''
          ? '请发送命令或 .xlsx 报表。发送“帮助”查看可用命令。'
          : `没有“${cmd.text.slice(0, 30)}”这个命令。可用命令：帮助、绑定、进度、排名、我的提交、查看提交、模板、加载项${member?.role === 'supervisor' ? '、邀请、催报、预览通报、发布通报、设为通报群' : '、令牌'}；填报员直接发送 .xlsx 报表即可提交。`,
      );
  }
}

/** What a user who is not bound may ask; anything else (a file too) is answered with the welcome, which says how to bind. */
const OPEN_TO_UNBOUND: ReadonlySet<ChatCommand['name']> = new Set(['help', 'bind', 'template', 'addin']);

export async function handleMessage(msg: IncomingMessage, s: ChatServices): Promise<Reply[]> {
  const member = await s.repo.member(msg.user.channelId, msg.user.id);
  if (!member && (msg.files.length > 0 || !OPEN_TO_UNBOUND.has(parseChatCommand(msg.text).name))) return welcome(msg, member);
  if (msg.files.length > 0) {
    const replies = await submit(msg.files[0]!, member, msg, s);
    if (msg.files.length > 1) replies.push({ kind: 'text', text: `一次只处理一个文件：已处理“${msg.files[0]!.name}”，其余 ${msg.files.length - 1} 个请分别发送。` });
    return replies;
  }
  return command(parseChatCommand(msg.text), member, msg, s);
}
