/**
 * chopsticks-core configures its pino logger from LOG_LEVEL when it is first imported, and logs every failed RPC
 * at error level, which localnet reports itself. Unless the user chose a level, keep it to fatal. This module must be
 * imported before chopsticks-core (index.ts imports it first).
 */
if (process.env.SUBNETKIT_CHOPSTICKS_LOG_LEVEL) process.env.LOG_LEVEL = process.env.SUBNETKIT_CHOPSTICKS_LOG_LEVEL;
else process.env.LOG_LEVEL ??= 'fatal';

export {};
