/**
 * Callback data is at most 64 bytes and comes back from the client untrusted. Each feature defines a
 * typed codec with `callbackCodec`: a short prefix and named fields, joined by ':' (fields must not
 * contain ':'). `decode` returns undefined for anything that is not exactly that shape, so forged or
 * stale data is refused before any lookup; permissions are still checked against the database.
 */
const MAX_BYTES = 64;

export interface CallbackCodec<F extends readonly string[]> {
  prefix: string;
  encode(values: { [K in F[number]]: string | number }): string;
  decode(data: string | undefined): { [K in F[number]]: string } | undefined;
  /** A RegExp that matches this codec's data, for telegraf's bot.action(). */
  pattern: RegExp;
}

export function callbackCodec<const F extends readonly string[]>(prefix: string, fields: F): CallbackCodec<F> {
  if (!/^[a-z][a-z0-9]{0,7}$/.test(prefix)) throw new Error(`bad callback prefix "${prefix}"`);
  const pattern = new RegExp(`^${prefix}${fields.map(() => ':[^:]*').join('')}$`);
  return {
    prefix,
    pattern,
    encode(values) {
      const parts = fields.map((f) => {
        const v = String(values[f as F[number]]);
        if (v.includes(':')) throw new Error(`callback field ${f} contains ':'`);
        return v;
      });
      const data = [prefix, ...parts].join(':');
      if (Buffer.byteLength(data, 'utf8') > MAX_BYTES) throw new Error(`callback data over ${MAX_BYTES} bytes: ${data}`);
      return data;
    },
    decode(data) {
      if (!data || !pattern.test(data)) return undefined;
      const parts = data.split(':').slice(1);
      return Object.fromEntries(fields.map((f, i) => [f, parts[i] ?? ''])) as { [K in F[number]]: string };
    },
  };
}
