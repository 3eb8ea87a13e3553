import { Module } from '@nestjs/common';
import { ContentModule } from '../content/content.module';
import { FileRepository } from './file.repository';
import { FilesHttpController } from './files.http.controller';
import { FilesNatsController } from './files.nats.controller';
import { FilesService } from './files.service';

@Module({
  imports: [ContentModule],
  controllers: [FilesHttpController, FilesNatsController],
  providers: [FilesService, FileRepository],
})
export class FilesModule {}
