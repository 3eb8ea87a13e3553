import { describeHandlerAccess } from '@orbita/testing';

// Linking form files: the use case itself holds the caller to their own uploads.
describeHandlerAccess('documents', __dirname, ['documents.attachment.link']);
