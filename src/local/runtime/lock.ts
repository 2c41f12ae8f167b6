/** LockService: one document lock per runtime; `lockHeldElsewhere` simulates another execution. */
import type { RuntimeHost } from './types';

export interface LockHolder extends RuntimeHost {
  lockHeldElsewhere: boolean;
  lockHeld: boolean;
}

export class LocalLock implements Partial<GoogleAppsScript.Lock.Lock> {
  private held = false;
  constructor(private readonly rt: LockHolder) {}
  tryLock(_timeoutInMillis: number): boolean {
    this.rt.count('Lock.tryLock');
    if (this.rt.lockHeldElsewhere || this.rt.lockHeld) return false;
    this.rt.lockHeld = this.held = true;
    return true;
  }
  waitLock(timeoutInMillis: number): void {
    this.rt.count('Lock.waitLock');
    if (!this.tryLock(timeoutInMillis)) throw new Error('Lock timeout: another process was holding the lock for too long.');
  }
  releaseLock(): void {
    this.rt.count('Lock.releaseLock');
    if (this.held) this.rt.lockHeld = this.held = false;
  }
  hasLock(): boolean {
    this.rt.count('Lock.hasLock');
    return this.held;
  }
}
