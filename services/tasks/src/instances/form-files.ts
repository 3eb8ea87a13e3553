import type { FormSpec } from '@orbita/contracts';

/** The UI schema widget of a field that holds a file filed through the gateway (a document's id). */
export const FILE_WIDGET = 'document-upload';

/** One upload field's value: where it is in the form (`photoDocumentId`, `photos.1`) and the id. */
export interface FormFile {
  path: string;
  documentId: string;
}

function objectOf(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function isFileWidget(ui: Record<string, unknown> | null): boolean {
  return ui?.['ui:widget'] === FILE_WIDGET;
}

/**
 * The files a form's data carries in its upload fields (`ui:widget: document-upload`, on a field,
 * on an array's items, in nested objects), in the form's order. Values of another type are left
 * to the schema's own check.
 */
export function formFilesOf(form: FormSpec | undefined, data: Record<string, unknown>): FormFile[] {
  const found: FormFile[] = [];
  const walk = (ui: Record<string, unknown>, values: Record<string, unknown>, at: string[]): void => {
    for (const [key, node] of Object.entries(ui)) {
      const fieldUi = objectOf(node);
      if (key.startsWith('ui:') || !fieldUi) {
        continue;
      }
      const value = values[key];
      const nested = objectOf(value);
      const path = [...at, key];
      if (isFileWidget(fieldUi) && typeof value === 'string' && value !== '') {
        found.push({ path: path.join('.'), documentId: value });
      } else if (Array.isArray(value) && isFileWidget(objectOf(fieldUi['items']))) {
        value.forEach((item, i) => {
          if (typeof item === 'string' && item !== '') {
            found.push({ path: [...path, String(i)].join('.'), documentId: item });
          }
        });
      } else if (nested) {
        walk(fieldUi, nested, path);
      }
    }
  };
  walk(form?.uiSchema ?? {}, data, []);
  return found;
}
