/**
 * Mocha root hooks (loaded through `.mocharc.json`'s `require`). Serially they run once around the
 * whole run; in parallel workers once around each file, whose temp projects are then removed.
 */
import { cleanupPackedProjects } from "./packed-project";

export const mochaHooks = {
    async afterAll(this: Mocha.Context): Promise<void> {
        this.timeout(120_000);
        await cleanupPackedProjects();
    },
};
