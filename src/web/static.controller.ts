import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/access.js';
import { DomainError } from '../common/domain-error.js';
import { WebRenderer } from './web-renderer.service.js';

/** The pages' CSS and scripts at content-hashed URLs: cached for a year, never stale. */
@ApiExcludeController()
@Controller('static')
export class StaticController {
  constructor(private readonly renderer: WebRenderer) {}

  @Get(':hash/:name')
  @Public()
  asset(@Param('hash') hash: string, @Param('name') name: string, @Res() res: Response): void {
    const asset = this.renderer.assets.get(name);
    if (!asset || asset.hash !== hash) {
      throw new DomainError('not_found', 'WEB.ASSET_NOT_FOUND', `No file ${name}`);
    }
    res
      .status(200)
      .setHeader('Content-Type', asset.contentType)
      .setHeader('Cache-Control', 'public, max-age=31536000, immutable')
      .send(asset.body);
  }
}
