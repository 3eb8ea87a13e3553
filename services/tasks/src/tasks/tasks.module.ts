import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { FormValidator } from '../instances/forms';
import { TemplatesModule } from '../templates/templates.module';
import { TaskRepository } from './task.repository';
import { TasksNatsController } from './tasks.nats.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [DirectoryModule, TemplatesModule],
  controllers: [TasksNatsController],
  providers: [TasksService, TaskRepository, FormValidator],
  exports: [TaskRepository, FormValidator],
})
export class TasksModule {}
