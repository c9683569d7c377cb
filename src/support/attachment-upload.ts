import {
  createParamDecorator,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type NestMiddleware,
} from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import multer, { type MulterFile } from 'multer';
import type { Observable } from 'rxjs';
import type { RequestWithRefusedBody } from '../web/page-context.js';
import { sessionToken } from '../web/web-cookies.js';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_MESSAGE,
  MAX_UPLOAD_REQUEST_BYTES,
  requestTooLarge,
  type Upload,
  type UploadRefusal,
} from './attachment-rules.js';

type UploadRequest = Request &
  RequestWithRefusedBody & {
    files?: MulterFile[];
    uploadRefusal?: UploadRefusal;
    uploadRefusedFile?: string;
  };

/**
 * Reads a multipart body (field `files`) into memory with multer, the parser NestJS's own
 * FileInterceptor uses. The limits stop reading while the bytes stream in (one byte over 10 MiB:
 * the file is cut there and the rest of the request is read and thrown away; a sixth file), so
 * no refused file is held whole; the reason is kept on the request and refused by the
 * attachment rules with their own code, so a page shows it next to the file field and the API
 * as problem+json, like any other refusal.
 */
const parse = multer({
  storage: multer.memoryStorage(),
  // Browsers send the file name as raw UTF-8 ("März.pdf"); multer's default reads it as Latin-1.
  defParamCharset: 'utf8',
  limits: {
    fileSize: MAX_ATTACHMENT_BYTES,
    files: MAX_ATTACHMENTS_PER_MESSAGE,
    fields: 20,
    fieldSize: 100_000,
    parts: 30,
  },
}).array('files', MAX_ATTACHMENTS_PER_MESSAGE);

const LIMIT_CODES: Record<string, UploadRefusal> = {
  LIMIT_FILE_SIZE: 'LIMIT_FILE_SIZE',
  LIMIT_FILE_COUNT: 'LIMIT_FILE_COUNT',
  // A file beyond the array's maxCount.
  LIMIT_UNEXPECTED_FILE: 'LIMIT_FILE_COUNT',
};

/**
 * A request announcing more bytes than a message's files and text can be: refused before it is
 * read. `Connection: close` ends the connection after the answer, so Node does not read (and
 * throw away) the rest of it to keep the connection alive.
 */
function announcesTooMuch(request: Request, response: Response): boolean {
  const length = Number(request.headers['content-length']);
  if (!(length > MAX_UPLOAD_REQUEST_BYTES)) return false;
  response.setHeader('Connection', 'close');
  return true;
}

export function receiveUpload(request: Request, response: Response): Promise<void> {
  const req = request as UploadRequest;
  if (!req.is('multipart/form-data')) return Promise.resolve();
  return new Promise((resolve) => {
    parse(req, response, (error?: unknown) => {
      if (error) {
        const code = (error as { code?: string }).code ?? '';
        req.uploadRefusal = LIMIT_CODES[code] ?? 'OTHER';
        req.uploadRefusedFile = (error as { filename?: string }).filename;
        req.files = [];
      }
      resolve();
    });
  });
}

/**
 * For page forms: parses the upload before the page guard, which checks the CSRF token among
 * the form's fields (an interceptor would run after the guard, which would see no fields).
 */
@Injectable()
export class AttachmentUploadMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    // Without a session the guard sends the browser to the login: nothing worth reading.
    if (!sessionToken(request)) return next();
    if (request.is('multipart/form-data') && announcesTooMuch(request, response)) {
      // The page guard refuses it once it knows the session: the form shows the refusal.
      (request as UploadRequest).refusedBody = requestTooLarge();
      return next();
    }
    receiveUpload(request, response).then(() => next(), next);
  }
}

/** For the API: parses the upload after authentication, so no stranger's upload is read. */
@Injectable()
export class AttachmentUploadInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const [request, response] = [http.getRequest<Request>(), http.getResponse<Response>()];
    if (request.is('multipart/form-data') && announcesTooMuch(request, response)) {
      throw requestTooLarge();
    }
    await receiveUpload(request, response);
    return next.handle();
  }
}

/** The parsed upload: its files and, if the parser stopped, why. */
export const Uploaded = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Upload => {
    const req = context.switchToHttp().getRequest<UploadRequest>();
    return {
      files: (req.files ?? []).map((f) => ({
        originalname: f.originalname,
        size: f.size,
        buffer: f.buffer,
      })),
      refusal: req.uploadRefusal ?? null,
      ...(req.uploadRefusedFile ? { refusedFileName: req.uploadRefusedFile } : {}),
    };
  },
);
