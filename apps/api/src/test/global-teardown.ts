import fs from 'node:fs';

export default async function globalTeardown() {
  const state = (globalThis as { __WK_PG__?: { pg: { stop(): Promise<void> }; dir: string } }).__WK_PG__;
  if (state) {
    await state.pg.stop();
    fs.rmSync(state.dir, { recursive: true, force: true });
  }
}
