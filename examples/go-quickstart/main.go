// One DCS master/standby switchover, declared with the Go SDK of the dcs provider plugin.
package main

import (
	"github.com/pulumi-dcs-jobs/pulumi-dcs-jobs/sdk/go/dcs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// Credentials and endpoint come from stack config (dcs:*) or the environment (OS_*/HW_*,
		// DCS_ENDPOINT), never from resource inputs, so they stay out of state.
		cfg := config.New(ctx, "")
		ticket := cfg.Get("ticket")
		if ticket == "" {
			ticket = "CHG-1"
		}
		swap, err := dcs.NewMasterStandbySwap(ctx, "switchover", &dcs.MasterStandbySwapArgs{
			InstanceId: pulumi.String(cfg.Require("instanceId")),
			// Change the ticket (pulumi config set ticket CHG-2) to swap again.
			Triggers: pulumi.Map{"ticket": pulumi.String(ticket)},
			Timeout:  pulumi.String("30m"),
		})
		if err != nil {
			return err
		}
		ctx.Export("jobId", swap.JobId)
		ctx.Export("status", swap.Status)
		ctx.Export("apiUsed", swap.ApiUsed)
		// The master once the instance is ready again (Huawei Cloud exposes node roles; unset on OTC).
		ctx.Export("masterNode", swap.MasterNode)
		return nil
	})
}
