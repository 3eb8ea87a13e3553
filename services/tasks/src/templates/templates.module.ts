import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { TemplateCatalogue } from './template-catalogue';
import { TemplatePackLoader } from './template-pack.loader';
import { TemplateRepository } from './template.repository';
import { TemplatesNatsController } from './templates.nats.controller';
import { TemplatesService } from './templates.service';

/** Process templates: upload, validation, versions, publication, the catalogue (ARCHITECTURE §6). */
@Module({
  imports: [DirectoryModule],
  controllers: [TemplatesNatsController],
  providers: [TemplatesService, TemplateRepository, TemplateCatalogue, TemplatePackLoader],
  exports: [TemplateCatalogue, TemplatesService],
})
export class TemplatesModule {}
