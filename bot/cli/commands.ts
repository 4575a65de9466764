/** What each command does: thin glue between the parsed command, the engine and the files. */
import { basename } from 'node:path';
import type { Region } from '../../shared/counties.js';
import { analyzeWorkbook, identifyWorkbook } from '../../shared/engine.js';
import { indicatorsJson, validateJson } from '../../shared/report/json.js';
import { indicatorsText, validationText } from '../../shared/report/text.js';
import { generateSample } from '../../shared/sample/generate.js';
import { blankTemplate } from '../../shared/template/blank.js';
import { writeXlsx } from '../xlsx/write.js';
import { readXlsxFile } from '../xlsx/read.js';
import type { Command } from './cli.js';
import { coefficientsText } from './coefficients-text.js';
import { runDemo } from './demo.js';
import { runTeamsPackage } from './teams-package.js';
import { runInvite, runServe, runToken, seedDemoStore } from './admin.js';
import { checkWritable, loadCoefficients, loadHistory } from './inputs.js';
import { MAIN_USAGE, USAGE } from './usage.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  now(): Date;
}

type Of<N extends Command['name']> = Extract<Command, { name: N }>;

async function analyzeFile(cmd: Of<'validate'> | Of<'indicators'>, region: Region) {
  const coefficients = await loadCoefficients(cmd.coefficients);
  const input = await readXlsxFile(cmd.file);
  const history = cmd.history ? await loadHistory(cmd.history, identifyWorkbook(input, region), region, coefficients) : null;
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
    case 'template':
      checkWritable(cmd.out, cmd.force);
      await writeXlsx(blankTemplate(), cmd.out, { region });
      io.out(`已生成空白模板：${cmd.out}\n填好后可用 jieneng validate ${cmd.out} 校验。`);
      return 0;
    case 'sample': {
      checkWritable(cmd.out, cmd.force);
      const input = generateSample({ county: cmd.county, period: cmd.period, institutions: cmd.institutions, seed: cmd.seed });
      await writeXlsx(input, cmd.out, { region });
      io.out(`已生成示例报表：${cmd.out}（${cmd.county.name}，${cmd.period.year}年第${cmd.period.quarter}季度，${cmd.institutions} 个单位）`);
      return 0;
    }
    case 'validate': {
      const analysis = await analyzeFile(cmd, region);
      io.out(cmd.format === 'json' ? JSON.stringify(validateJson(analysis), null, 2) : validationText(analysis, { source: basename(cmd.file), limit: cmd.limit }));
      return analysis.summary.errors > 0 ? 1 : 0;
    }
    case 'indicators': {
      const analysis = await analyzeFile(cmd, region);
      io.out(cmd.format === 'json' ? JSON.stringify(indicatorsJson(analysis), null, 2) : indicatorsText(analysis, { source: basename(cmd.file) }));
      if (cmd.format === 'json' && analysis.summary.errors > 0) {
        io.err(`注意：报表有 ${analysis.summary.errors} 个错误，指标仅供参考（用 jieneng validate 查看）。`);
      }
      return 0;
    }
    case 'coefficients': {
      const set = await loadCoefficients(cmd.coefficients);
      io.out(cmd.format === 'json' ? JSON.stringify(set, null, 2) : coefficientsText(set));
      return 0;
    }
    case 'demo': {
      const code = await runDemo({ period: cmd.period, dir: cmd.dir }, io, region);
      await seedDemoStore(io, region);
      return code;
    }
    case 'serve':
      return runServe(io, version);
    case 'invite':
      return runInvite(cmd, io, region);
    case 'token':
      return runToken(cmd, io, region);
    case 'teams-package':
      return runTeamsPackage(cmd, io.out);
  }
}
