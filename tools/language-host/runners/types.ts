/** What a runner gets from the engine's `RunRequest`, and what it hands back for the host to spawn. */

export interface RunFacts {
    /** The resource monitor's and the engine's gRPC addresses. */
    monitor: string;
    engine: string;
    organization: string;
    project: string;
    stack: string;
    /** Where the program is (Pulumi.yaml's `main:`, else the project directory). */
    programDir: string;
    /** Where Pulumi.yaml is. */
    rootDir: string;
    /** The program within `programDir`; "." for the directory itself. */
    entryPoint: string;
    /** Extra program arguments. */
    args: string[];
    dryRun: boolean;
    parallel: number;
    /** Stack config as the engine sends it: `ns:name` keys. */
    config: Record<string, string>;
    secretKeys: string[];
    /** Pulumi.yaml's `runtime.options`. */
    options: Record<string, unknown>;
}

export interface Command {
    command: string;
    args: string[];
    cwd: string;
    /** Added to the host's own environment. */
    env: Record<string, string>;
}

/** How to start a program; a runner throws an `Error` whose message is the run's error when it cannot. */
export interface Launch extends Command {
    /** Runs first; when it fails, its output is the run's error (a Go compile). */
    build?: Command;
    /** A file to delete after the run (the built binary). */
    cleanup?: string;
}

export type Runner = (facts: RunFacts) => Launch;
