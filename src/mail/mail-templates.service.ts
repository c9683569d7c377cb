import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { MailLanguage, MailText } from './mail-outbox.service.js';

/**
 * Mail texts as templates beside the document templates (`templates/mail/<name>.<de|en>.hbs`),
 * editable without code: the first line is `Subject: …`, then a blank line, then the plain
 * text body. Compiled once at start in strict mode, so a misspelt field fails the mail
 * instead of leaving a gap; values are plain text (no HTML escaping).
 */
export class MailTemplates {
  private readonly templates = new Map<
    string,
    { subject: HandlebarsTemplateDelegate; body: HandlebarsTemplateDelegate }
  >();

  constructor(templatesDir: string) {
    const dir = join(templatesDir, 'mail');
    const hbs = Handlebars.create();
    for (const file of mailTemplateFiles(dir)) {
      this.add(dir, file, hbs);
    }
  }

  private add(dir: string, file: string, hbs: typeof Handlebars): void {
    const source = readFileSync(join(dir, file), 'utf8').replace(/\r\n/g, '\n');
    const match = /^Subject: (.*)\n\n([\s\S]*)$/.exec(source);
    if (!match) {
      throw new Error(`${join(dir, file)}: must start with "Subject: …" and a blank line`);
    }
    const options = { strict: true, noEscape: true };
    this.templates.set(file.replace(/\.hbs$/, ''), {
      subject: hbs.compile(match[1], options),
      body: hbs.compile(match[2], options),
    });
  }

  /**
   * The mail in `language` (the customer's); when an admin has written a text in one language
   * only, the other one is used, and the answer says which language the mail is in.
   */
  render(
    name: string,
    language: MailLanguage,
    data: Record<string, unknown>,
  ): MailText & { language: MailLanguage } {
    const other: MailLanguage = language === 'de' ? 'en' : 'de';
    for (const lang of [language, other]) {
      const template = this.templates.get(`${name}.${lang}`);
      if (template) {
        // The file's last newline is not part of the mail.
        const text = template.body(data).trimEnd();
        return { subject: template.subject(data).trim(), text, language: lang };
      }
    }
    throw new Error(`no mail template templates/mail/${name}.${language}.hbs`);
  }
}

function mailTemplateFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.hbs'));
  } catch {
    return [];
  }
}
