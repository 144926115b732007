/** `subnetkit wallet regen-hotkey`: the hotkey rebuilt from its mnemonic, seed or URI. */
import { regenCommand } from './regen.js';

export default regenCommand('hotkey');
