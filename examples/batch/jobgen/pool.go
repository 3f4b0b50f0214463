package main

// ARMPool is the management-plane (ARM) body of a Batch pool, for
// `az rest --method put .../batchAccounts/{account}/pools/{pool}`: pools
// with a managed identity can only be created through the management
// plane, not with `az batch pool create`.
type ARMPool struct {
	Identity   ARMPoolIdentity   `json:"identity"`
	Properties ARMPoolProperties `json:"properties"`
}

// ARMPoolIdentity attaches user-assigned identities to a pool.
type ARMPoolIdentity struct {
	Type                   string              `json:"type"`
	UserAssignedIdentities map[string]struct{} `json:"userAssignedIdentities"`
}

// ARMPoolProperties are the pool settings used here.
type ARMPoolProperties struct {
	VMSize                  string                  `json:"vmSize"`
	DeploymentConfiguration DeploymentConfiguration `json:"deploymentConfiguration"`
	ScaleSettings           ScaleSettings           `json:"scaleSettings"`
	TaskSlotsPerNode        int                     `json:"taskSlotsPerNode,omitempty"`
}

// DeploymentConfiguration is the VM configuration of a pool (required for
// managed identities).
type DeploymentConfiguration struct {
	VirtualMachineConfiguration VirtualMachineConfiguration `json:"virtualMachineConfiguration"`
}

// VirtualMachineConfiguration names the node image.
type VirtualMachineConfiguration struct {
	ImageReference ImageReference `json:"imageReference"`
	NodeAgentSkuID string         `json:"nodeAgentSkuId"`
}

// ImageReference is a marketplace image.
type ImageReference struct {
	Publisher string `json:"publisher"`
	Offer     string `json:"offer"`
	Sku       string `json:"sku"`
	Version   string `json:"version"`
}

// ScaleSettings fix the node count.
type ScaleSettings struct {
	FixedScale FixedScale `json:"fixedScale"`
}

// FixedScale is a fixed number of dedicated nodes.
type FixedScale struct {
	TargetDedicatedNodes int `json:"targetDedicatedNodes"`
}

// Pool returns the ARM body of a pool of Ubuntu nodes with the pool
// identity attached (check `az batch pool supported-images list` for the
// images of your region).
func (c Config) Pool() ARMPool {
	c = c.withDefaults()
	nodes := c.Nodes
	if nodes <= 0 {
		nodes = 1
	}
	return ARMPool{
		Identity: ARMPoolIdentity{Type: "UserAssigned", UserAssignedIdentities: map[string]struct{}{c.IdentityResourceID: {}}},
		Properties: ARMPoolProperties{
			VMSize: "standard_d2s_v3",
			DeploymentConfiguration: DeploymentConfiguration{VirtualMachineConfiguration: VirtualMachineConfiguration{
				ImageReference: ImageReference{Publisher: "canonical", Offer: "ubuntu-24_04-lts", Sku: "server", Version: "latest"},
				NodeAgentSkuID: "batch.node.ubuntu 24.04",
			}},
			ScaleSettings:    ScaleSettings{FixedScale: FixedScale{TargetDedicatedNodes: nodes}},
			TaskSlotsPerNode: 1,
		},
	}
}
