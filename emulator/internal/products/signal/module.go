package signal

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Name names the product module: Signal, with the processor partner side.
func (p *API) Name() string { return "signal" }

// Endpoints are the Plaid paths it serves.
func (p *API) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/signal/evaluate", p.HandleSignalEvaluate),
		product.Op("/signal/schedule", p.HandleSignalSchedule),
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

// AccountExt keeps the fixture account's Signal rule on the account.
func (p *API) AccountExt(fa *fixtures.Account) any {
	if fa.Signal == nil {
		return nil
	}
	return fa.Signal
}

// ruleOf is the result Signal's ruleset gives the account (nil: the default ruleset's).
func ruleOf(acct product.Account) *fixtures.SignalRule {
	r := new(fixtures.SignalRule)
	if !acct.Ext.Get("signal", r) {
		return nil
	}
	return r
}
