/**
 * Stream framing: Python's axon sends raw chunks with no framing of its own (spec §5.4); each subnet decides what
 * the bytes mean. A `StreamFraming` turns raw chunks into items and may fold them into the local synapse (what a
 * Python `StreamingSynapse.process_streaming_response` does). The default is UTF-8 text, one item per chunk, a
 * character split across chunks kept whole.
 */
import type { FieldShape, Synapse } from '@subnetkit/synapse';

export interface StreamFraming<C, S extends FieldShape = FieldShape> {
  /** Items decoded from one raw chunk (zero or more). */
  decode(bytes: Uint8Array): readonly C[];
  /** Items left in a buffer when the stream ends. */
  flush?(): readonly C[];
  /** Folds an item into the local synapse, e.g. `(s, tok) => s.tokens.push(tok)`. */
  collect?(synapse: Synapse<S>, item: C): void;
}

/** A fresh framing per stream (framings hold decoder state). */
export type FramingFactory<C, S extends FieldShape = FieldShape> = () => StreamFraming<C, S>;

/** UTF-8 text chunks, as most subnets send tokens. */
export function textFraming<S extends FieldShape = FieldShape>(
  collect?: (synapse: Synapse<S>, text: string) => void,
): FramingFactory<string, S> {
  return () => {
    const decoder = new TextDecoder('utf-8');
    return {
      decode(bytes) {
        const text = decoder.decode(bytes, { stream: true });
        return text.length > 0 ? [text] : [];
      },
      flush() {
        const rest = decoder.decode();
        return rest.length > 0 ? [rest] : [];
      },
      ...(collect ? { collect } : {}),
    };
  };
}

/** Raw bytes, unchanged. */
export function rawFraming<S extends FieldShape = FieldShape>(
  collect?: (synapse: Synapse<S>, bytes: Uint8Array) => void,
): FramingFactory<Uint8Array, S> {
  return () => ({ decode: (bytes) => [bytes], ...(collect ? { collect } : {}) });
}
