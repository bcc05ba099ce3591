#!/usr/bin/env node
/** The `dcs-jobs` command: DCS switchovers and job waits for CI scripts. */
import { runCli } from "./main";

const controller = new AbortController();
process.once("SIGINT", () => controller.abort());
process.once("SIGTERM", () => controller.abort());
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal }).then((code) => {
    process.exitCode = code;
});
