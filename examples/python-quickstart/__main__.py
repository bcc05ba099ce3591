"""One DCS master/standby switchover, declared with the Python SDK of the dcs provider plugin."""
import pulumi
import pulumi_dcs as dcs

# Credentials and endpoint come from stack config (dcs:*) or the environment (OS_*/HW_*, DCS_ENDPOINT),
# never from resource inputs, so they stay out of state.
config = pulumi.Config()
swap = dcs.MasterStandbySwap(
    "switchover",
    instance_id=config.require("instanceId"),
    # Change the ticket (pulumi config set ticket CHG-2) to swap again.
    triggers={"ticket": config.get("ticket") or "CHG-1"},
    timeout="30m",
)
pulumi.export("jobId", swap.job_id)
pulumi.export("status", swap.status)
pulumi.export("apiUsed", swap.api_used)
# The master once the instance is ready again (Huawei Cloud exposes node roles; unset on OTC).
pulumi.export("masterNode", swap.master_node)
