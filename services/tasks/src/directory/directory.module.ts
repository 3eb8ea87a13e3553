import { Module } from '@nestjs/common';
import { DirectoryRepository } from './directory.repository';
import { DirectoryService } from './directory.service';
import { OrgDirectory } from './org-directory';
import { PeopleDirectory } from './people';

/** tasks' copy of identity's people (ADR 012), the orgs it asks identity about, and the people and units assignee rules name. */
@Module({
  providers: [DirectoryService, DirectoryRepository, OrgDirectory, PeopleDirectory],
  exports: [DirectoryService, OrgDirectory, PeopleDirectory],
})
export class DirectoryModule {}
