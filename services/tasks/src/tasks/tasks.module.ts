import { Module } from '@nestjs/common';
import { TaskRepository } from './task.repository';
import { TasksNatsController } from './tasks.nats.controller';
import { TasksService } from './tasks.service';

@Module({
  controllers: [TasksNatsController],
  providers: [TasksService, TaskRepository],
})
export class TasksModule {}
