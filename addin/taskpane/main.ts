/**
 * The shared runtime's entry: the task pane and the ribbon commands (校验 / 计算指标 / 提交) of one
 * page. It makes the Excel host, checks the Excel version, and wires the pane to its view.
 */
import '@fluentui/web-components/button/define.js';
import '@fluentui/web-components/spinner/define.js';
import { setTheme } from '@fluentui/web-components';
import { webLightTheme } from '@fluentui/tokens';
import { useCoefficients } from '../functions/coefficients.js';
import { MINIMUM_API, missingFeatures } from '../excel/capabilities.js';
import { ExcelHost } from '../excel/host.js';
import { Pane } from './pane.js';
import { SettingsStore } from './settings.js';
import { render } from './view.js';
import './taskpane.css';

setTheme(webLightTheme);

/** The server that served this page (production: the bot server's /addin/); else the local server. */
function defaultServer(): string {
  if (location.pathname.startsWith('/addin/')) return location.origin;
  return 'http://127.0.0.1:3978';
}

function say(root: HTMLElement, text: string): void {
  const p = document.createElement('p');
  p.className = 'message error';
  p.textContent = text;
  root.replaceChildren(p);
}

async function start(): Promise<void> {
  const root = document.getElementById('app') ?? document.body;
  const info = await Office.onReady();
  if (info.host !== Office.HostType.Excel) {
    say(root, '节能通是 Excel 加载项：请在 Excel（网页版、Microsoft 365 或 Office 2021/2024）中打开。');
    return;
  }
  if (!Office.context.requirements.isSetSupported('ExcelApi', MINIMUM_API)) {
    say(root, `此版本 Excel 太旧（需要 ExcelApi ${MINIMUM_API} 以上）：请使用 Excel 网页版、Microsoft 365 或 Office 2021/2024。`);
    return;
  }
  const host = new ExcelHost();
  const settings = new SettingsStore(window.localStorage, host.partitionKey, defaultServer());
  const pane = new Pane({ host, settings, unavailable: missingFeatures(host.capabilities), onCoefficients: useCoefficients, log: (err) => console.error('[节能通]', err) });
  pane.subscribe((state) => render(root, state, pane));

  // Ribbon buttons run in this same runtime; each tells Office when it is done.
  const command = (run: () => Promise<unknown>) => async (event: Office.AddinCommands.Event) => {
    try {
      await run();
    } finally {
      event.completed();
    }
  };
  Office.actions.associate('runCheck', command(() => pane.check()));
  Office.actions.associate('runIndicators', command(() => pane.indicators()));
  Office.actions.associate('runSubmit', command(() => pane.submit()));
  await pane.start();
}

void start();
