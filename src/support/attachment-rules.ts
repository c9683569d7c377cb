import { DomainError } from '../common/domain-error.js';
import type { SupportErrorCode } from './support-errors.js';

/*
 * What a ticket attachment may be. The service terms promise help, not a file store: a few
 * screenshots, logs, PDFs or a zip per message, each small enough to mail on. The media type is
 * decided here from the file name and checked against the bytes, never taken from the browser
 * (which says `application/octet-stream` for a .log, or whatever a renamed file claims).
 */

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;
/**
 * The most a message's whole request may announce (Content-Length): every file at its limit,
 * plus 1 MiB for the text fields (a reply of 20,000 characters is at most 80 KB) and the
 * multipart framing. A request announcing more is refused before a byte of it is read.
 */
export const MAX_UPLOAD_REQUEST_BYTES =
  MAX_ATTACHMENTS_PER_MESSAGE * MAX_ATTACHMENT_BYTES + 1024 * 1024;

/** Extension → the media type the download is served as. */
const ALLOWED: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
  log: 'text/plain',
  zip: 'application/zip',
};

/** The leading bytes each binary type starts with (a PDF may have a few bytes of junk first). */
const SIGNATURES: Record<string, (bytes: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 1024).includes('%PDF-'),
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')),
  'image/jpeg': (b) => b.subarray(0, 3).equals(Buffer.from('ffd8ff', 'hex')),
  // A local file header, or the end record of an empty archive.
  'application/zip': (b) => ['504b0304', '504b0506'].includes(b.subarray(0, 4).toString('hex')),
  // Text has no NUL bytes (a renamed executable has many).
  'text/plain': (b) => !b.subarray(0, 64 * 1024).includes(0),
};

/** A file as the multipart parser hands it over. */
export interface ReceivedFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}

/** Why the parser stopped reading the upload (multer's limit codes), if it did. */
export type UploadRefusal = 'LIMIT_FILE_SIZE' | 'LIMIT_FILE_COUNT' | 'OTHER';

export interface Upload {
  files: ReceivedFile[];
  refusal: UploadRefusal | null;
  /** The file the parser stopped at, as the browser named it (multer says which). */
  refusedFileName?: string;
}

export interface CheckedFile {
  fileName: string;
  mediaType: string;
  bytes: Buffer;
}

export const NO_UPLOAD: Upload = { files: [], refusal: null };

/**
 * The upload's files, checked against the rules; the first broken rule is refused for the whole
 * message (field `attachments`), so nothing of a refused message is stored.
 */
export function checkUpload(upload: Upload): CheckedFile[] {
  if (upload.refusal === 'LIMIT_FILE_SIZE') {
    throw tooLarge(upload.refusedFileName ? safeFileName(upload.refusedFileName) : 'a file');
  }
  if (upload.refusal === 'LIMIT_FILE_COUNT') throw tooMany();
  if (upload.refusal) {
    throw refusal('ATTACHMENT.UNREADABLE', 'the upload could not be read; send the form again');
  }
  // A file input left empty still sends a part without name and bytes: that is no attachment.
  const files = upload.files.filter((f) => f.originalname !== '' || f.size > 0);
  if (files.length > MAX_ATTACHMENTS_PER_MESSAGE) throw tooMany();
  return files.map((file) => {
    const fileName = safeFileName(file.originalname);
    if (file.size > MAX_ATTACHMENT_BYTES) throw tooLarge(fileName);
    const mediaType = ALLOWED[extensionOf(fileName)];
    if (!mediaType) {
      throw refusal(
        'ATTACHMENT.TYPE_NOT_ALLOWED',
        `${fileName}: only PDF, PNG, JPEG, plain text, log and zip files are allowed`,
      );
    }
    if (file.size === 0 || !SIGNATURES[mediaType](file.buffer)) {
      throw refusal(
        'ATTACHMENT.CONTENT_MISMATCH',
        `${fileName} does not contain what its name says it is`,
      );
    }
    return { fileName, mediaType, bytes: file.buffer };
  });
}

/**
 * The name stored and offered on download: no path, no control or quote characters, at most
 * 200 characters (the extension kept); "attachment" when nothing is left.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    // Control characters, and what file systems or the header would choke on.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (!cleaned) return 'attachment';
  if (cleaned.length <= 200) return cleaned;
  const extension = extensionOf(cleaned);
  return `${cleaned.slice(0, 199 - extension.length)}.${extension}`;
}

/** RFC 6266: an ASCII fallback name plus the UTF-8 name, always as a download. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '');
  return `attachment; filename="${ascii || 'attachment'}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

const MIB = MAX_ATTACHMENT_BYTES / 1024 / 1024;
const tooLarge = (name: string) =>
  refusal('ATTACHMENT.TOO_LARGE', `${name} is larger than ${MIB} MiB, the limit per file`);
/** The whole request is larger than every file at its limit could make it. */
export const requestTooLarge = () =>
  refusal(
    'ATTACHMENT.TOO_LARGE',
    `the upload is larger than ${MAX_UPLOAD_REQUEST_BYTES / 1024 / 1024} MiB, the limit per message`,
  );
const tooMany = () =>
  refusal(
    'ATTACHMENT.TOO_MANY',
    `at most ${MAX_ATTACHMENTS_PER_MESSAGE} files per message can be attached`,
  );

function refusal(code: Extract<SupportErrorCode, `ATTACHMENT.${string}`>, message: string) {
  return new DomainError('validation', code, message, {
    field: 'attachments',
    limits: {
      maxBytesPerFile: MAX_ATTACHMENT_BYTES,
      maxFilesPerMessage: MAX_ATTACHMENTS_PER_MESSAGE,
      maxBytesPerRequest: MAX_UPLOAD_REQUEST_BYTES,
      allowedTypes: ['pdf', 'png', 'jpg', 'jpeg', 'txt', 'log', 'zip'],
    },
  });
}
