import { describeHandlerAccess } from '@orbita/testing';

describeHandlerAccess('tasks', __dirname, ['tasks.template.catalogue']);
