"""The plugin suite's Python program: one MasterStandbySwap, from the SDK Pulumi's generator made of the schema."""
import pulumi
import pulumi_dcs as dcs

config = pulumi.Config()
swap = dcs.MasterStandbySwap(
    "swap",
    instance_id=config.require("instanceId"),
    triggers={"ticket": config.require("ticket")},
    timeout="60s",
    poll_policy=dcs.PollPolicyArgs(first_delay_ms=200, min_delay_ms=200, max_delay_ms=400),
)
pulumi.export("jobId", swap.job_id)
pulumi.export("status", swap.status)
pulumi.export("apiUsed", swap.api_used)
