/**
 * The Digits synapse: the validator sends a batch of 28×28 grey-level digits as one tensor field, the miner answers with
 * class probabilities for each. As Python would declare it:
 *
 *   class Digits(bt.Synapse):
 *       images: bt.Tensor                    # float32 [n, 28, 28], grey levels 0..1
 *       probs: Optional[bt.Tensor] = None    # float32 [n, 10], one row of class probabilities per image
 *       required_hash_fields: ClassVar[tuple[str, ...]] = ("images",)
 */
import { defineSynapse, type InferSynapse, t } from '@subnetkit/synapse';

export const Digits = defineSynapse({
  name: 'Digits',
  fields: {
    images: t.tensor().describe('float32 [n, 28, 28]: a batch of digits, grey levels 0..1'),
    probs: t.tensor().optional().describe('float32 [n, 10]: class probabilities, one row per image'),
  },
  hashFields: ['images'],
});
export type Digits = InferSynapse<typeof Digits>;
export type DigitsFields = (typeof Digits)['fields'];
