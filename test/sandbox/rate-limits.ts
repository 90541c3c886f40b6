// Meta-like rate limits for the Graph stand-in: usage percentages that rise with load in a
// sliding window, and errors once a limit is passed. Meta publishes no numbers for the
// management endpoints Residency reads, so these are the sandbox's own, documented here:
//
// - The app (one per token): `perApp` calls per `windowMs`. `x-app-usage` reports
//   call_count = total_time = total_cputime = calls in the window * 100 / perApp.
// - Each WABA (calls about the WABA or one of its numbers): `perWaba` calls per `windowMs`.
//   `x-business-use-case-usage` reports that WABA's percentage the same way.
// - The call that would pass 100 % is refused and starts a block of `blockMs`: every call of
//   that app (code 4) or WABA (code 80007) is refused until it ends. Refused calls do not count.
// - `estimated_time_to_regain_access` is the block's remaining time in whole minutes, rounded
//   down (Meta does not say how it rounds): a block shorter than a minute reads 0 while calls
//   still fail, and clients must cope with both.
import type { MetaError } from './errors';

export interface RateLimitConfig {
  windowMs: number;
  perApp: number;
  perWaba: number;
  blockMs: number;
}

/** Generous enough that a 2,000-number scan at full speed stays well below 100 %. */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  windowMs: 60_000,
  perApp: 12_000,
  perWaba: 1_200,
  blockMs: 60_000,
};

export const APP_LIMIT_ERROR: MetaError = {
  message: '(#4) Application request limit reached',
  code: 4,
  is_transient: true,
};

export const WABA_LIMIT_ERROR: MetaError = {
  message: '(#80007) Rate limit issues',
  code: 80007,
  is_transient: true,
  details: 'The WhatsApp Business Account has reached its rate limit.',
};

export type RateDecision =
  | { allowed: true; appPercent: number; wabaPercent?: number }
  | {
      allowed: false;
      error: MetaError;
      appPercent: number;
      wabaPercent?: number;
      regainMinutes: number;
    };

const MINUTE = 60_000;

/** Counts calls per app and per WABA in a sliding window and decides whether one may pass. */
export class RateLimiter {
  private config: RateLimitConfig = { ...DEFAULT_RATE_LIMITS };
  private calls = new Map<string, number[]>();
  private blockedUntil = new Map<string, number>();

  configure(patch: Partial<RateLimitConfig>) {
    this.config = { ...this.config, ...patch };
  }

  /** Blocks an app or a WABA for `ms` from `now`, as Meta may at any time. */
  block(key: { token?: string; wabaId?: string }, ms: number, now: number) {
    if (key.token) this.blockedUntil.set(`app:${key.token}`, now + ms);
    if (key.wabaId) this.blockedUntil.set(`waba:${key.wabaId}`, now + ms);
  }

  reset() {
    this.config = { ...DEFAULT_RATE_LIMITS };
    this.calls.clear();
    this.blockedUntil.clear();
  }

  private inWindow(key: string, now: number): number[] {
    const recent = (this.calls.get(key) ?? []).filter((t) => now - t < this.config.windowMs);
    this.calls.set(key, recent);
    return recent;
  }

  private percent(key: string, limit: number, now: number) {
    return Math.min(100, Math.floor((this.inWindow(key, now).length * 100) / limit));
  }

  /** The usage a call would see without counting it (for answers outside the limits). */
  usage(token: string, wabaId: string | undefined, now: number) {
    return {
      appPercent: this.percent(`app:${token}`, this.config.perApp, now),
      wabaPercent: wabaId ? this.percent(`waba:${wabaId}`, this.config.perWaba, now) : undefined,
    };
  }

  /** Counts one call, or refuses it when its app or WABA is blocked or would pass its limit. */
  take(token: string, wabaId: string | undefined, now: number): RateDecision {
    const app = `app:${token}`;
    const waba = wabaId ? `waba:${wabaId}` : undefined;
    const refuse = (key: string, error: MetaError): RateDecision => {
      const current = this.blockedUntil.get(key) ?? 0;
      const until = current > now ? current : now + this.config.blockMs;
      this.blockedUntil.set(key, until);
      return {
        allowed: false,
        error,
        ...this.usage(token, wabaId, now),
        regainMinutes: Math.floor((until - now) / MINUTE),
      };
    };
    const blocked = (key: string) => (this.blockedUntil.get(key) ?? 0) > now;
    if (blocked(app)) return refuse(app, APP_LIMIT_ERROR);
    if (waba && blocked(waba)) return refuse(waba, WABA_LIMIT_ERROR);
    if (this.inWindow(app, now).length >= this.config.perApp) return refuse(app, APP_LIMIT_ERROR);
    if (waba && this.inWindow(waba, now).length >= this.config.perWaba)
      return refuse(waba, WABA_LIMIT_ERROR);
    this.inWindow(app, now).push(now);
    if (waba) this.inWindow(waba, now).push(now);
    return { allowed: true, ...this.usage(token, wabaId, now) };
  }
}
