/** Injection tokens of the documents service. */
export const DOCUMENTS_CONFIG = Symbol('DOCUMENTS_CONFIG');
export const OBJECT_STORAGE = Symbol('OBJECT_STORAGE');
