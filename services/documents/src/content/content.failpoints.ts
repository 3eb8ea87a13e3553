/** Test-only fault injection points of the content layer (FAILPOINT env); see content-crash.e2e-spec. */
export const ContentFailpoint = {
  /** The object is stored whole and the caller has not committed its metadata yet. */
  UploadStored: 'documents.upload.stored',
} as const;
