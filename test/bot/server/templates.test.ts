/** The chat's download links: the manifest link only once the add-in is built in the served folder. */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { downloadLinks, templateFiles } from '../../../bot/server/templates.js';
import { JINCHENG } from '../../../shared/counties.js';
import { tempDir } from '../helpers.js';

describe('bot/server/templates: download links', function () {
  it('links the template, a sample by division code, and the manifest only when the add-in is built', async function () {
    const temp = await tempDir();
    try {
      const addinDir = join(temp.dir, 'addin');
      const links = downloadLinks(() => 'https://jieneng.example.cn', templateFiles({ region: JINCHENG, now: () => new Date() }), addinDir);
      assert.equal(links.server(), 'https://jieneng.example.cn');
      assert.equal(links.template(), 'https://jieneng.example.cn/templates/%E5%8E%BF%E7%BA%A7%E5%AD%A3%E5%BA%A6%E6%8A%A5%E8%A1%A8%E6%A8%A1%E6%9D%BF-v1.xlsx');
      assert.equal(decodeURIComponent(links.template()), 'https://jieneng.example.cn/templates/县级季度报表模板-v1.xlsx');
      assert.equal(links.sample('140525'), 'https://jieneng.example.cn/templates/sample/140525.xlsx');
      assert.equal(await links.addinManifest(), null, 'no folder');
      await mkdir(join(addinDir, 'manifest.xml'), { recursive: true });
      assert.equal(await links.addinManifest(), null, 'a folder named manifest.xml is not a manifest');
      const built = join(temp.dir, 'built');
      await mkdir(built);
      await writeFile(join(built, 'manifest.xml'), '<OfficeApp/>');
      assert.equal(await downloadLinks(() => 'http://127.0.0.1:3978', templateFiles({ region: JINCHENG, now: () => new Date() }), built).addinManifest(), 'http://127.0.0.1:3978/addin/manifest.xml');
    } finally {
      await temp.cleanup();
    }
  });
});
