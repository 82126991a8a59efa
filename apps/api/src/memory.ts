/**
 * The memory settings of every process that runs the product (issue 16, "RSS under load ≤ 200 MiB"),
 * set in code so that every start gets them — `pnpm start`, `pnpm dev`, the e2e product, a standalone
 * worker, the bench's product process — without a node flag to remember. Imported first by
 * services.ts, which every one of them loads before it opens the database.
 *
 * Measured on the bench's product process (1 000 modules, 3 200 catalog, module and search requests
 * at 1 and 50 connections), RSS after the load: 296 MiB (peak 348) without these settings, 233 MiB with
 * the first, 212 MiB (peak 216) with both, for the same CPU per request within the noise of the machine.
 *
 * - `--heap-growing-percent=25`: after each full GC, V8 lets the old generation grow to 1.25× what
 *   survived before it collects again. Left to itself, V8 picks up to 4× for a process it judges
 *   throughput-bound, and the server under load carried 100–200 MiB of garbage: a JS heap of 200–260
 *   MiB total around a live set of about 70 MiB. With 1.25× it stays at about 120 MiB.
 * - `--wasm-tiering-budget=2000000000`: Prisma 7's query compiler is WebAssembly (3.3 MB of code). V8
 *   compiles it with its baseline compiler (Liftoff), then recompiles each function that has run for
 *   its budget (default 1.8 M) with TurboFan on background threads, whose compile memory stays in glibc
 *   malloc arenas. A budget 1 000× larger keeps the query compiler on Liftoff code: −21 MiB of RSS
 *   under the load above (−55 MiB in a process that only runs 1 200 Prisma queries), with the same CPU
 *   per query; the query compiler is a small part of a request. It must be set before the client
 *   compiles the module (its first query).
 */
import v8 from 'node:v8';

v8.setFlagsFromString('--heap-growing-percent=25');
v8.setFlagsFromString('--wasm-tiering-budget=2000000000');
