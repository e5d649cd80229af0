/** E.164: a plus, then 7 to 15 digits without a leading zero. */
export const isE164 = (n: string): boolean => /^\+[1-9]\d{6,14}$/.test(n);
