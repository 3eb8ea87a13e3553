import { z } from 'zod';
import { IdSchema } from '../common';
import { defineEvent } from '../messaging/event-contract';
import { defineRequest } from '../messaging/request-contract';

export const FileViewSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  mimeType: z.string(),
  uploadedBy: z.string(),
  createdAt: z.string(),
});
export type FileView = z.infer<typeof FileViewSchema>;

export const DocumentsRequests = {
  getFile: defineRequest('documents.file.get', z.object({ fileId: IdSchema }), FileViewSchema),
};

export const FileUploadedDataSchema = z.object({
  fileId: z.string(),
  name: z.string(),
  size: z.number(),
  sha256: z.string(),
  mimeType: z.string(),
});

export const DocumentsEvents = {
  fileUploaded: defineEvent('documents.file.uploaded', 1, FileUploadedDataSchema, 'A file was stored.'),
};

/** Paths of the documents service's streaming HTTP API, which the gateway forwards bodies to. */
export const DocumentsHttpPaths = {
  upload: '/internal/files',
  content: (fileId: string) => `/internal/files/${encodeURIComponent(fileId)}/content`,
} as const;
