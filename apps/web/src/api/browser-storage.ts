type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** This page's memory: what is kept lasts until the page is left. */
class MemoryStore implements KeyValueStore {
  private readonly values = new Map<string, string>();
  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.values.set(key, value);
  }
  removeItem(key: string): void {
    this.values.delete(key);
  }
}

function usableLocalStorage(): Storage | null {
  try {
    const probe = 'orbita.storage-probe';
    window.localStorage.setItem(probe, '1');
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    return null;
  }
}

const local = usableLocalStorage();

/**
 * Where the app keeps the session and the chosen language: localStorage, or, where the browser
 * denies it (the portal framed by the company's site in a browser that blocks third-party
 * storage, ADR 028), this page's memory: everything works, only a reload asks to sign in again.
 */
export const browserStorage: KeyValueStore = local ?? new MemoryStore();

/** Whether what is kept outlives the page (false: memory only, see browserStorage). */
export const storageIsPersistent = local !== null;
