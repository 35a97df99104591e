package signal

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/product"

// Name names the product module: Signal, with the processor partner side.
func (p *API) Name() string { return "signal" }

// Endpoints are the Plaid paths it serves.
func (p *API) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/signal/evaluate", p.HandleSignalEvaluate),
		product.Op("/signal/decision/report", p.HandleSignalDecisionReport),
		product.Op("/signal/return/report", p.HandleSignalReturnReport),
		product.Op("/signal/prepare", p.HandleSignalPrepare),
		product.Op("/processor/signal/evaluate", p.HandleProcessorSignalEvaluate),
		product.Op("/processor/signal/decision/report", p.HandleProcessorSignalDecisionReport),
		product.Op("/processor/signal/return/report", p.HandleProcessorSignalReturnReport),
		product.Op("/processor/signal/prepare", p.HandleProcessorSignalPrepare),
	}
}

// It keeps state of its own: a reset and a client's reset reach it.
var _ interface {
	product.Module
	product.Resetter
	product.ClientForgetter
} = (*API)(nil)
