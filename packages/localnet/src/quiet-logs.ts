/**
 * chopsticks-core configures its pino logger from LOG_LEVEL once, when it is first evaluated, and logs every failed RPC
 * at error level, which localnet reports itself. So chopsticks-core is loaded here with LOG_LEVEL set to the level
 * chosen for it (SUBNETKIT_CHOPSTICKS_LOG_LEVEL, else the user's LOG_LEVEL, else fatal) and LOG_LEVEL is put back
 * as it was: importing @subnetkit/localnet leaves the process environment unchanged. This module must be imported
 * before chopsticks-core (index.ts and localnet.ts import it first).
 */
const userLevel = process.env.LOG_LEVEL;
process.env.LOG_LEVEL = process.env.SUBNETKIT_CHOPSTICKS_LOG_LEVEL || userLevel || 'fatal';
try {
  await import('@acala-network/chopsticks-core');
} finally {
  if (userLevel === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = userLevel;
}
