/**
 * `npm run dev-server`: builds the add-in for https://localhost:3000/ (not minified) and serves
 * dist/addin there over HTTPS with the Office Add-in developer certificate, which
 * office-addin-dev-certs creates and trusts on first use (it may ask for permission).
 * Sideload dist/addin/manifest.xml afterwards (`npm run sideload`, or upload it in Excel).
 */
import { createServer } from 'node:https';
import { getHttpsServerOptions } from 'office-addin-dev-certs';
import { serveStatic } from '../../bot/server/static.js';
import { MANIFEST_BASE, OFFICE_JS_GLOBAL, resolveOfficeJsUrl } from './settings.js';
import { DEFAULT_OUT, buildAddin } from './build.js';

async function main(): Promise<void> {
  const outDir = DEFAULT_OUT;
  const officeJsUrl = resolveOfficeJsUrl(process.env);
  const result = await buildAddin({ baseUrl: MANIFEST_BASE, officeJsUrl, outDir, production: false });
  const options = await getHttpsServerOptions();
  const server = createServer(options, (req, res) => {
    const path = new URL(req.url ?? '/', MANIFEST_BASE).pathname;
    const done = req.method === 'GET' || req.method === 'HEAD' ? serveStatic(outDir, path, req, res) : Promise.resolve(false);
    done
      .then((served) => {
        if (served) return;
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`没有这个文件：${path.slice(0, 100)}`);
      })
      .catch((e: unknown) => {
        console.error(e);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  const port = Number(new URL(MANIFEST_BASE).port);
  server.listen(port, 'localhost', () => {
    console.log(`加载项开发服务器：${MANIFEST_BASE}taskpane.html（${result.files.length} 个文件，来自 dist/addin）`);
    console.log(`清单：dist/addin/manifest.xml（指向 ${MANIFEST_BASE}）${officeJsUrl === OFFICE_JS_GLOBAL ? '' : `；Office.js：${officeJsUrl}`}`);
    console.log('按 Ctrl+C 停止。');
  });
  server.on('error', (e: NodeJS.ErrnoException) => {
    console.error(e.code === 'EADDRINUSE' ? `端口 ${port} 已被占用：先停止占用它的程序（另一个 dev-server？）。` : e);
    process.exitCode = 1;
  });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? `加载项开发服务器启动失败：${e.message}` : e);
  process.exitCode = 1;
});
