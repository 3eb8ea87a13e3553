import { Module } from '@nestjs/common';
import { DirectoryRepository } from './directory.repository';
import { DirectoryService } from './directory.service';
import { OrgDirectory } from './org-directory';

/** tasks' copy of identity's people (ADR 012), and the orgs it asks identity about. */
@Module({
  providers: [DirectoryService, DirectoryRepository, OrgDirectory],
  exports: [DirectoryService, OrgDirectory],
})
export class DirectoryModule {}
