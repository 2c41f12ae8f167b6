/** Session: the active user's email (may be blank in production), a per-user key, the time zone. */
import type { RuntimeHost } from './types';

export interface SessionHolder extends RuntimeHost {
  activeUserEmail: string;
}

export function localSession(rt: SessionHolder): Record<string, () => unknown> {
  return {
    getActiveUser: () => (rt.count('Session.getActiveUser'), { getEmail: () => rt.activeUserEmail }),
    getEffectiveUser: () => (rt.count('Session.getEffectiveUser'), { getEmail: () => rt.activeUserEmail }),
    getTemporaryActiveUserKey: () => (rt.count('Session.getTemporaryActiveUserKey'), 'temp-key-1'),
    getScriptTimeZone: () => 'Etc/UTC',
  };
}
