// The part of multer's API the ticket attachments use. multer ships no types, and the package
// @types/multer would pull in a second copy of Express's types for a dozen lines.
declare module 'multer' {
  import type { RequestHandler } from 'express';

  interface MulterFile {
    fieldname: string;
    originalname: string;
    mimetype: string;
    size: number;
    buffer: Buffer;
  }
  interface Options {
    storage?: unknown;
    defParamCharset?: string;
    limits?: {
      fileSize?: number;
      files?: number;
      fields?: number;
      fieldSize?: number;
      parts?: number;
      fieldNameSize?: number;
    };
  }
  interface Multer {
    array(fieldName: string, maxCount?: number): RequestHandler;
  }
  interface MulterStatic {
    (options?: Options): Multer;
    memoryStorage(): unknown;
    MulterError: new (code: string, field?: string) => Error & { code: string };
  }
  const multer: MulterStatic;
  export default multer;
  export type { MulterFile };
}
