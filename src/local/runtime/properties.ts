/** PropertiesService, with Google's limits in bytes: 9 KB per value, 500 KB per store. */
import { PROPERTY_STORE_BYTES, PROPERTY_VALUE_BYTES } from './limits';
import { gas, type RuntimeHost, utf8Bytes } from './types';

export class LocalProperties implements Partial<GoogleAppsScript.Properties.Properties> {
  readonly store = new Map<string, string>();
  constructor(
    private readonly rt: RuntimeHost,
    private readonly scope: string,
  ) {}

  /** Bytes the store holds, keys included. */
  bytes(except?: string): number {
    let n = 0;
    for (const [k, v] of this.store) if (k !== except) n += utf8Bytes(k) + utf8Bytes(v);
    return n;
  }

  getProperty(key: string): string | null {
    this.rt.count('Properties.getProperty');
    return this.store.get(key) ?? null;
  }

  setProperty(key: string, value: string): GoogleAppsScript.Properties.Properties {
    this.rt.count('Properties.setProperty');
    const text = String(value);
    if (utf8Bytes(text) > PROPERTY_VALUE_BYTES)
      throw new Error(`Argument too large: value (${this.scope} property ${key}: ${utf8Bytes(text)} bytes; at most ${PROPERTY_VALUE_BYTES})`);
    if (this.bytes(key) + utf8Bytes(key) + utf8Bytes(text) > PROPERTY_STORE_BYTES)
      throw new Error(`You have exceeded the property storage quota (${this.scope} properties: at most ${PROPERTY_STORE_BYTES} bytes per store).`);
    this.store.set(key, text);
    return gas(this);
  }

  /** Sets several properties in one call: all of them or, if a value or the store would be too large, none. */
  setProperties(properties: { [key: string]: string }, deleteAllOthers?: boolean): GoogleAppsScript.Properties.Properties {
    this.rt.count('Properties.setProperties');
    const entries = Object.entries(properties).map(([k, v]): [string, string] => [k, String(v)]);
    for (const [key, value] of entries) {
      if (utf8Bytes(value) > PROPERTY_VALUE_BYTES)
        throw new Error(`Argument too large: value (${this.scope} property ${key}: ${utf8Bytes(value)} bytes; at most ${PROPERTY_VALUE_BYTES})`);
    }
    const after = new Map(deleteAllOthers ? [] : this.store);
    for (const [key, value] of entries) after.set(key, value);
    let bytes = 0;
    for (const [k, v] of after) bytes += utf8Bytes(k) + utf8Bytes(v);
    if (bytes > PROPERTY_STORE_BYTES) throw new Error(`You have exceeded the property storage quota (${this.scope} properties: at most ${PROPERTY_STORE_BYTES} bytes per store).`);
    this.store.clear();
    for (const [k, v] of after) this.store.set(k, v);
    return gas(this);
  }

  getProperties(): { [key: string]: string } {
    this.rt.count('Properties.getProperties');
    return Object.fromEntries(this.store);
  }
  deleteProperty(key: string): GoogleAppsScript.Properties.Properties {
    this.rt.count('Properties.deleteProperty');
    this.store.delete(key);
    return gas(this);
  }
  getKeys(): string[] {
    this.rt.count('Properties.getKeys');
    return [...this.store.keys()];
  }
}
