"""Runs one Pulumi Python program for tools/language-host (test tooling only).

Our stand-in for Pulumi's `pulumi-language-python-exec` (sdk/python/cmd in github.com/pulumi/pulumi),
whose host the Go module proxy refuses: configure the SDK from the flags and PULUMI_CONFIG, then run
the program (a directory's `__main__.py`, or a file) inside the root stack resource.

Exit codes, as upstream: 0 done; 32 an error was already shown to the user (the host then reports
nothing more); anything else is a failure the host reports itself.
"""

import argparse
import asyncio
import inspect
import logging
import os
import runpy
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor

BAIL = 32

try:
    import pulumi
    import pulumi.runtime
except ImportError:
    print(traceback.format_exc(), file=sys.stderr)
    print("The pulumi package is not installed for this Python: set the project's virtualenv option.", file=sys.stderr)
    sys.exit(1)

parser = argparse.ArgumentParser(description="Run a Pulumi Python program")
for name in ("monitor", "engine", "project", "stack", "organization", "root_directory", "pwd", "dry_run", "parallel"):
    parser.add_argument("--" + name)
parser.add_argument("program")
parser.add_argument("args", nargs="*")
args = parser.parse_args()

pulumi.runtime.set_all_config(pulumi.runtime.get_config_env(), pulumi.runtime.get_config_secret_keys_env())

settings = {
    "monitor": args.monitor,
    "engine": args.engine,
    "project": args.project,
    "stack": args.stack,
    "parallel": int(args.parallel or 0),
    "dry_run": args.dry_run == "true",
    "organization": args.organization,
    "root_directory": args.root_directory,
}
# Older SDKs lack some parameters (organization, root_directory): pass only the ones this one has.
accepted = inspect.signature(pulumi.runtime.Settings.__init__).parameters
pulumi.runtime.configure(pulumi.runtime.Settings(**{k: v for k, v in settings.items() if k in accepted}))

sys.argv = [args.program] + args.args
if args.pwd:
    os.chdir(args.pwd)

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
# The SDK runs blocking work in the default executor: size it by the engine's parallelism, as upstream.
executor = ThreadPoolExecutor(max_workers=max(int(args.parallel or 0), 1) * 4)
loop.set_default_executor(executor)
# A failed program leaves futures unobserved by design; asyncio would log each one.
logging.getLogger("asyncio").setLevel(logging.CRITICAL)


def user_traceback():
    """The traceback from the program's first frame on, without exec.py's and runpy's."""
    program = os.path.abspath(args.program)
    frames = traceback.extract_tb(sys.exc_info()[2])
    for i, frame in enumerate(frames):
        # "<frozen runpy>" is no file: relative, it would look like one in the program's directory.
        filename = "" if frame.filename.startswith("<") else os.path.abspath(frame.filename)
        if filename == program or filename.startswith(program + os.sep):
            return traceback.format_exc(limit=i - len(frames))
    return traceback.format_exc()


exit_code = 1
try:
    loop.run_until_complete(pulumi.runtime.run_in_stack(lambda: runpy.run_path(args.program, run_name="__main__")))
    exit_code = 0
except pulumi.RunError as error:
    # A RunError's message is the whole story (no traceback); the host adds the exit code.
    pulumi.log.error(str(error))
except Exception:  # noqa: BLE001 -- any program failure is reported to the engine
    pulumi.log.error("Program failed with an unhandled exception:\n" + user_traceback())
    exit_code = BAIL
finally:
    executor.shutdown(wait=True)
    loop.close()
    sys.stdout.flush()
    sys.stderr.flush()
sys.exit(exit_code)
