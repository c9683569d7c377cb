import { Body, Controller, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/access.js';
import { SignoffVerifyService } from './signoff-verify.service.js';
import { VerifyDocumentDto, VerifyResponse } from './signoff.dto.js';

@ApiTags('sign-off')
@Controller('verify')
export class VerifyController {
  constructor(private readonly verifier: SignoffVerifyService) {}

  /** Whether a PDF (multipart field `file`) or a SHA-256 is an issued or signed document of ours. */
  @Post()
  @HttpCode(200)
  @Public()
  @ApiConsumes('multipart/form-data', 'application/json')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 25 * 1024 * 1024, files: 1 } }))
  verify(
    @UploadedFile() file: { buffer: Buffer } | undefined,
    @Body() dto: VerifyDocumentDto,
  ): Promise<VerifyResponse> {
    return this.verifier.verify(file, dto);
  }
}
