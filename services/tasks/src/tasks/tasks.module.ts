import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { TaskRepository } from './task.repository';
import { TasksNatsController } from './tasks.nats.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [DirectoryModule],
  controllers: [TasksNatsController],
  providers: [TasksService, TaskRepository],
})
export class TasksModule {}
