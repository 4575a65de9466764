/**
 * What each command does: thin glue between the parsed command, the engine and the files. Each
 * command loads only the modules it needs when it runs (lazy.ts), so `--help` starts at once and
 * `validate` loads neither the chat SDK, the store nor the workbook writer.
 */
import { basename } from 'node:path';
import type { Region } from '../../shared/counties.js';
import type { Command } from './cli.js';
import { lazy } from './lazy.js';
import type * as Engine from '../../shared/engine.js';
import type * as Reader from '../xlsx/read.js';
import type * as Config from '../config.js';
import type * as Writer from '../xlsx/write.js';
import type * as Output from './output.js';
import type * as Inputs from './inputs.js';
import type * as HistoryInput from './history-input.js';
import type * as JsonReport from '../../shared/report/json.js';
import type * as TextReport from '../../shared/report/text.js';
import type * as Blank from '../../shared/template/blank.js';
import type * as Sample from '../../shared/sample/generate.js';
import type * as CoefficientsText from './coefficients-text.js';
import type * as Demo from './demo.js';
import type * as Admin from './admin.js';
import type * as TeamsPackage from './teams-package.js';
import type * as StoreCopy from './store-copy.js';
import type * as Schedule from './schedule.js';
import { MAIN_USAGE, USAGE } from './usage.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  now(): Date;
}

type Of<N extends Command['name']> = Extract<Command, { name: N }>;

const load = <T>(specifier: string): Promise<T> => lazy<T>(specifier, import.meta.url);

/** The modules the commands use, each loaded on first use. */
const use = {
  engine: () => load<typeof Engine>('../../shared/engine.js'),
  reader: () => load<typeof Reader>('../xlsx/read.js'),
  writer: () => load<typeof Writer>('../xlsx/write.js'),
  output: () => load<typeof Output>('./output.js'),
  inputs: () => load<typeof Inputs>('./inputs.js'),
  history: () => load<typeof HistoryInput>('./history-input.js'),
  json: () => load<typeof JsonReport>('../../shared/report/json.js'),
  text: () => load<typeof TextReport>('../../shared/report/text.js'),
  blank: () => load<typeof Blank>('../../shared/template/blank.js'),
  sample: () => load<typeof Sample>('../../shared/sample/generate.js'),
  coefficientsText: () => load<typeof CoefficientsText>('./coefficients-text.js'),
  demo: () => load<typeof Demo>('./demo.js'),
  admin: () => load<typeof Admin>('./admin.js'),
  teams: () => load<typeof TeamsPackage>('./teams-package.js'),
  storeCopy: () => load<typeof StoreCopy>('./store-copy.js'),
  schedule: () => load<typeof Schedule>('./schedule.js'),
};

/**
 * The inflate cap for reading local files: config maxInflatedMb, as the server reads it, when
 * JIENENG_MAX_INFLATED_MB or JIENENG_CONFIG is set (the config module, and zod, load only then);
 * otherwise the reader's default, the server's default too.
 */
async function readOptions(): Promise<Reader.ReadOptions> {
  if (!process.env['JIENENG_MAX_INFLATED_MB'] && !process.env['JIENENG_CONFIG']) return {};
  const { inflatedCapMb } = await load<typeof Config>('../config.js');
  return { maxUncompressedBytes: inflatedCapMb() * 1024 * 1024 };
}

async function analyzeFile(cmd: Of<'validate'> | Of<'indicators'>, region: Region) {
  const [{ analyzeWorkbook, identifyWorkbook }, { readXlsxFile }, { loadCoefficients }] = await Promise.all([use.engine(), use.reader(), use.inputs()]);
  const coefficients = await loadCoefficients(cmd.coefficients);
  const options = await readOptions();
  const input = await readXlsxFile(cmd.file, options);
  const history = cmd.history ? await (await use.history()).loadHistory(cmd.history, identifyWorkbook(input, region), region, coefficients, options) : null;
  return analyzeWorkbook(input, { region, coefficients, history });
}

export async function runCommand(cmd: Command, io: Io, region: Region, version: string): Promise<number> {
  switch (cmd.name) {
    case 'help':
      io.out(cmd.topic && USAGE[cmd.topic] ? USAGE[cmd.topic]! : MAIN_USAGE);
      return 0;
    case 'version':
      io.out(`jieneng ${version}（模板 v1）`);
      return 0;
    case 'template': {
      const [{ writeOutput }, { writeXlsx }, { blankTemplate }] = await Promise.all([use.output(), use.writer(), use.blank()]);
      await writeOutput(cmd.out, cmd.force, (sink) => writeXlsx(blankTemplate(), sink, { region }));
      io.out(`已生成空白模板：${cmd.out}\n填好后可用 jieneng validate ${cmd.out} 校验。`);
      return 0;
    }
    case 'sample': {
      const [{ writeOutput }, { writeXlsx }, { generateSample }] = await Promise.all([use.output(), use.writer(), use.sample()]);
      await writeOutput(cmd.out, cmd.force, (sink) =>
        writeXlsx(generateSample({ county: cmd.county, period: cmd.period, institutions: cmd.institutions, seed: cmd.seed }), sink, { region }),
      );
      io.out(`已生成示例报表：${cmd.out}（${cmd.county.name}，${cmd.period.year}年第${cmd.period.quarter}季度，${cmd.institutions} 个单位）`);
      return 0;
    }
    case 'validate': {
      const analysis = await analyzeFile(cmd, region);
      if (cmd.format === 'json') io.out(JSON.stringify((await use.json()).validateJson(analysis, { limit: cmd.limit }), null, 2));
      else io.out((await use.text()).validationText(analysis, { limit: cmd.limit, source: basename(cmd.file) }));
      return analysis.summary.errors > 0 ? 1 : 0;
    }
    case 'indicators': {
      const analysis = await analyzeFile(cmd, region);
      if (cmd.format === 'json') {
        io.out(JSON.stringify((await use.json()).indicatorsJson(analysis), null, 2));
        if (analysis.summary.errors > 0) io.err(`注意：报表有 ${analysis.summary.errors} 个错误，指标仅供参考（用 jieneng validate 查看）。`);
      } else {
        io.out((await use.text()).indicatorsText(analysis, { source: basename(cmd.file) }));
      }
      return 0;
    }
    case 'coefficients': {
      const [{ loadCoefficients }, { coefficientsText }] = await Promise.all([use.inputs(), use.coefficientsText()]);
      const set = await loadCoefficients(cmd.coefficients);
      io.out(cmd.format === 'json' ? JSON.stringify(set, null, 2) : coefficientsText(set));
      return 0;
    }
    case 'demo': {
      const [{ runDemo }, { seedDemoStore }] = await Promise.all([use.demo(), use.admin()]);
      const code = await runDemo({ period: cmd.period, dir: cmd.dir }, io, region);
      await seedDemoStore(io, region);
      return code;
    }
    case 'serve':
      return (await use.admin()).runServe(io, version);
    case 'invite':
      return (await use.admin()).runInvite(cmd, io, region);
    case 'token':
      return (await use.admin()).runToken(cmd, io, region);
    case 'teams-package':
      return (await use.teams()).runTeamsPackage(cmd, io.out);
    case 'store':
      return (await use.storeCopy()).runStoreCopy(cmd, io);
    case 'reminders':
      return cmd.action === 'plan' ? (await use.schedule()).runRemindersPlan(cmd, io, region) : (await use.schedule()).runRemindersLog(cmd, io);
    case 'notice':
      return (await use.schedule()).runNotice(cmd, io, region);
    case 'calendar':
      return (await use.schedule()).runCalendarCheck(cmd, io);
  }
}
