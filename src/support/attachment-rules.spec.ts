import { describe, expect, it } from '@jest/globals';
import {
  attachmentDisposition,
  checkUpload,
  MAX_ATTACHMENT_BYTES,
  safeFileName,
  type ReceivedFile,
  type Upload,
} from './attachment-rules.js';

const PDF = Buffer.from('%PDF-1.7\n');
const PNG = Buffer.from('89504e470d0a1a0a00', 'hex');
const JPEG = Buffer.from('ffd8ffe000', 'hex');
const ZIP = Buffer.from('504b030414', 'hex');
const TEXT = Buffer.from('Fehler 42\n');
const EXE = Buffer.from('4d5a900003000000', 'hex');

const file = (originalname: string, buffer: Buffer, size = buffer.length): ReceivedFile => ({
  originalname,
  buffer,
  size,
});
const upload = (...files: ReceivedFile[]): Upload => ({ files, refusal: null });
const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('ticket attachment rules', () => {
  it.each([
    ['bericht.pdf', PDF, 'application/pdf'],
    ['BILD.PNG', PNG, 'image/png'],
    ['foto.jpg', JPEG, 'image/jpeg'],
    ['foto.jpeg', JPEG, 'image/jpeg'],
    ['notiz.txt', TEXT, 'text/plain'],
    ['mail.log', TEXT, 'text/plain'],
    ['logs.zip', ZIP, 'application/zip'],
  ])('accepts %s as %s', (name, bytes, mediaType) => {
    expect(checkUpload(upload(file(name, bytes)))).toEqual([{ fileName: name, mediaType, bytes }]);
  });

  it.each([
    ['setup.exe', EXE, 'ATTACHMENT.TYPE_NOT_ALLOWED'],
    ['ohne-endung', TEXT, 'ATTACHMENT.TYPE_NOT_ALLOWED'],
    ['seite.html', TEXT, 'ATTACHMENT.TYPE_NOT_ALLOWED'],
    ['bild.png', EXE, 'ATTACHMENT.CONTENT_MISMATCH'],
    ['bericht.pdf', TEXT, 'ATTACHMENT.CONTENT_MISMATCH'],
    ['archiv.zip', PDF, 'ATTACHMENT.CONTENT_MISMATCH'],
    ['programm.log', EXE, 'ATTACHMENT.CONTENT_MISMATCH'],
    ['leer.txt', Buffer.alloc(0), 'ATTACHMENT.CONTENT_MISMATCH'],
  ])('refuses %s with %s', (name, bytes, code) => {
    expect(codeOf(() => checkUpload(upload(file(name, bytes))))).toBe(code);
  });

  it('allows exactly 10 MiB and 5 files, not a byte or a file more', () => {
    const limit = file('gross.pdf', PDF, MAX_ATTACHMENT_BYTES);
    expect(codeOf(() => checkUpload(upload(limit)))).toBe('accepted');
    const over = file('gross.pdf', PDF, MAX_ATTACHMENT_BYTES + 1);
    expect(codeOf(() => checkUpload(upload(over)))).toBe('ATTACHMENT.TOO_LARGE');
    const five = Array.from({ length: 5 }, (_, i) => file(`${i}.txt`, TEXT));
    expect(codeOf(() => checkUpload(upload(...five)))).toBe('accepted');
    expect(codeOf(() => checkUpload(upload(...five, file('6.txt', TEXT))))).toBe(
      'ATTACHMENT.TOO_MANY',
    );
  });

  it('turns the parser’s stop into the rule it hit', () => {
    expect(codeOf(() => checkUpload({ files: [], refusal: 'LIMIT_FILE_SIZE' }))).toBe(
      'ATTACHMENT.TOO_LARGE',
    );
    expect(codeOf(() => checkUpload({ files: [], refusal: 'LIMIT_FILE_COUNT' }))).toBe(
      'ATTACHMENT.TOO_MANY',
    );
    expect(codeOf(() => checkUpload({ files: [], refusal: 'OTHER' }))).toBe(
      'ATTACHMENT.UNREADABLE',
    );
  });

  it('names the file the parser stopped at, when it knows it', () => {
    const refused = (refusedFileName?: string) => {
      try {
        checkUpload({ files: [], refusal: 'LIMIT_FILE_SIZE', refusedFileName });
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refused('Scan März.pdf')).toBe(
      'Scan März.pdf is larger than 10 MiB, the limit per file',
    );
    expect(refused()).toBe('a file is larger than 10 MiB, the limit per file');
  });

  it('ignores the empty part of a file field left empty', () => {
    expect(checkUpload(upload(file('', Buffer.alloc(0))))).toEqual([]);
  });

  it.each([
    ['C:\\Users\\eva\\Desktop\\bild.png', 'bild.png'],
    ['../../etc/passwd.txt', 'passwd.txt'],
    ['..hidden.txt', 'hidden.txt'],
    ['a"b<c>d|e:f*g?h.txt', 'abcdefgh.txt'],
    ['zeile\r\nneu.log', 'zeileneu.log'],
    ['', 'attachment'],
    [`${'x'.repeat(300)}.pdf`, `${'x'.repeat(196)}.pdf`],
  ])('makes %j a safe file name: %j', (name, safe) => {
    expect(safeFileName(name)).toBe(safe);
  });

  it('offers the download under an ASCII name and the UTF-8 one', () => {
    expect(attachmentDisposition('Prüfung "März".pdf')).toBe(
      `attachment; filename="Prufung Marz.pdf"; filename*=UTF-8''Pr%C3%BCfung%20%22M%C3%A4rz%22.pdf`,
    );
  });
});
