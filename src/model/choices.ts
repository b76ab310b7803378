// The choices a reader is built and described by: its head, what the head reads, the token order, and
// whether it was taught every running value or the final value only. Browser-safe: the page reads them.

export const HEADS = ['registers', 'nalu', 'nac', 'linear', 'nau', 'nmu', 'nau-nmu'] as const;
export type HeadName = (typeof HEADS)[number];
export const LOSS_MODES = ['running', 'final'] as const;
export type LossMode = (typeof LOSS_MODES)[number];
/**
 * What the arithmetic head reads: the LSTM output h, h beside the cell state c, or c alone (c is a gated sum
 * over the tokens, so a head on it reads a sum of per-token contributions).
 */
export const HEAD_INPUTS = ['h', 'hc', 'c'] as const;
export type HeadInput = (typeof HEAD_INPUTS)[number];
/** The order tokens are fed in: as written, or last word first (a variant the paper did not use). */
export const ORDERS = ['natural', 'reversed'] as const;
export type Order = (typeof ORDERS)[number];
