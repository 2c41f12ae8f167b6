/** CacheService, with Google's limits: key and value size, item cap with eviction, and expiry. */
import { CACHE_DEFAULT_SECONDS, CACHE_KEY_CHARS, CACHE_MAX_ITEMS, CACHE_MAX_SECONDS, CACHE_VALUE_BYTES, type Clock } from './limits';
import { type RuntimeHost, utf8Bytes } from './types';

interface Entry {
  value: string;
  expires: number;
}

export class LocalCache implements Partial<GoogleAppsScript.Cache.Cache> {
  private readonly entries = new Map<string, Entry>();
  /** Items dropped because the cache was full (oldest first), as Google may. */
  evictions = 0;

  constructor(
    private readonly rt: RuntimeHost,
    private readonly clock: Clock,
  ) {}

  /** The live items (expired ones removed), for tests: key → value. */
  get store(): Map<string, string> {
    this.purge();
    return new Map([...this.entries].map(([k, e]) => [k, e.value]));
  }

  private purge(): void {
    const now = this.clock.now();
    for (const [k, e] of this.entries) if (e.expires <= now) this.entries.delete(k);
  }

  private checked(values: Record<string, unknown>, seconds: unknown): { expires: number; items: [string, string][] } {
    const s = seconds === undefined ? CACHE_DEFAULT_SECONDS : Number(seconds);
    if (!Number.isFinite(s) || s < 1 || s > CACHE_MAX_SECONDS) throw new Error(`Invalid argument: expirationInSeconds (${String(seconds)}; 1 to ${CACHE_MAX_SECONDS})`);
    const items = Object.entries(values).map(([key, v]): [string, string] => {
      const value = String(v);
      if (key.length > CACHE_KEY_CHARS) throw new Error(`Argument too large: key (${key.length} characters; at most ${CACHE_KEY_CHARS})`);
      if (utf8Bytes(value) > CACHE_VALUE_BYTES) throw new Error(`Argument too large: value (cache key ${key}: ${utf8Bytes(value)} bytes; at most ${CACHE_VALUE_BYTES})`);
      return [key, value];
    });
    return { expires: this.clock.now() + s * 1000, items };
  }

  private store_(items: [string, string][], expires: number): void {
    this.purge();
    for (const [k, value] of items) {
      this.entries.delete(k); // a re-put is the newest item
      this.entries.set(k, { value, expires });
    }
    while (this.entries.size > CACHE_MAX_ITEMS) {
      this.entries.delete(this.entries.keys().next().value!);
      this.evictions++;
    }
  }

  get(key: string): string | null {
    this.rt.count('Cache.get');
    this.purge();
    return this.entries.get(key)?.value ?? null;
  }

  getAll(keys: string[]): { [key: string]: any } {
    this.rt.count('Cache.getAll');
    this.purge();
    return Object.fromEntries(
      keys.flatMap((k) => {
        const e = this.entries.get(k);
        return e ? [[k, e.value]] : [];
      }),
    );
  }

  put(key: string, value: string, expirationInSeconds?: number): void {
    this.rt.count('Cache.put');
    const { expires, items } = this.checked({ [key]: value }, expirationInSeconds);
    this.store_(items, expires);
  }

  putAll(values: { [key: string]: any }, expirationInSeconds?: number): void {
    this.rt.count('Cache.putAll');
    const { expires, items } = this.checked(values, expirationInSeconds);
    this.store_(items, expires);
  }

  remove(key: string): void {
    this.rt.count('Cache.remove');
    this.entries.delete(key);
  }
  removeAll(keys: string[]): void {
    this.rt.count('Cache.removeAll');
    for (const k of keys) this.entries.delete(k);
  }

  /** Test helper: drops one entry whose key matches, as an early eviction would. */
  evict(match: RegExp): void {
    for (const k of this.entries.keys())
      if (match.test(k)) {
        this.entries.delete(k);
        return;
      }
  }
}
