import { describeHandlerAccess } from '@orbita/testing';

describeHandlerAccess('documents', __dirname, []);
