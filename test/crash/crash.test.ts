import { crashSuite } from './suite.js';

// Issue 11, "Make it stay fixed": a child emulator killed with SIGKILL at planned moments during batch-updates,
// reservations and imports, in both persistence modes, then started again on the same data file. With --durable
// every write answered 2xx before the kill is there after the restart; without it, what a kill loses is only what
// was answered within the loss window before it (rules.ts). In both: nothing refused is there, the restart is
// healthy, the clock did not go back, and every import ends COMPLETED with all its records.
crashSuite({ durable: 11, default: 11 });
