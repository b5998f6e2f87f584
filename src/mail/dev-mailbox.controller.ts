import { Controller, Get, Header, Inject, NotFoundException, Param } from '@nestjs/common';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { devMailDir } from './mail-transport';
import { escapeHtml, page } from 'src/pages/html';

const FILE = /^[\w.-]+\.eml$/;

/** Development only: the mail that would have been sent, as kept under .data/mail/. */
@Controller('dev/mailbox')
export class DevMailboxController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private files(): Promise<string[]> {
    if (this.config.production || this.config.smtpUrl) throw new NotFoundException();
    return readdir(devMailDir(this.config)).then(
      (names) => names.filter((name) => FILE.test(name)).sort().reverse(),
      () => [],
    );
  }

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  async list(): Promise<string> {
    const files = await this.files();
    const items = files.map((name) => `<li><a href="/dev/mailbox/${encodeURIComponent(name)}">${escapeHtml(name)}</a></li>`).join('');
    return page('Development mailbox', `<p>Mail written by this development server, newest first.</p><ul>${items || '<li>No mail yet.</li>'}</ul>`);
  }

  @Get(':name')
  @Header('content-type', 'text/plain; charset=utf-8')
  async show(@Param('name') name: string): Promise<string> {
    if (!FILE.test(name) || !(await this.files()).includes(name)) throw new NotFoundException();
    return readFile(join(devMailDir(this.config), name), 'utf8');
  }
}
