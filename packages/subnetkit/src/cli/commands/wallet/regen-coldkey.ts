/** `subnetkit wallet regen-coldkey`: the coldkey rebuilt from its mnemonic, seed or URI. */
import { regenCommand } from './regen.js';

export default regenCommand('coldkey');
