/**
 * How a value should look: ok (green), neutral, info (blue), warn (amber), danger (red). The
 * stylesheet colours `data-tone`; the words always say the same on their own.
 */
export type Tone = 'ok' | 'neutral' | 'info' | 'warn' | 'danger';
