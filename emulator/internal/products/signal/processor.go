package signal

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The partner side: a processor token in place of the access token and
// account.

type processorSignalEvaluateRequest struct {
	product.Credentials
	Transaction
	ProcessorToken string `json:"processor_token" plaid:"required"`
}

// HandleProcessorSignalEvaluate serves POST /processor/signal/evaluate.
func (p *API) HandleProcessorSignalEvaluate(c *product.Call, req *processorSignalEvaluateRequest) (any, *wire.Error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	it, i, err := c.Items.ProcessorAccount(c, req.ProcessorToken, "signal")
	if err != nil {
		return nil, err
	}
	return p.Evaluate(c, it, &it.Accounts[i], &req.Transaction), nil
}

type processorSignalDecisionReportRequest struct {
	DecisionReportRequest
	ProcessorToken string `json:"processor_token" plaid:"required"`
}

type processorSignalReturnReportRequest struct {
	ReturnReportRequest
	ProcessorToken string `json:"processor_token" plaid:"required"`
}

// HandleProcessorSignalDecisionReport serves POST /processor/signal/decision/report.
func (p *API) HandleProcessorSignalDecisionReport(c *product.Call, req *processorSignalDecisionReportRequest) (any, *wire.Error) {
	if _, _, err := c.Items.ProcessorAccount(c, req.ProcessorToken, "signal"); err != nil {
		return nil, err
	}
	return p.HandleSignalDecisionReport(c, &req.DecisionReportRequest)
}

// HandleProcessorSignalReturnReport serves POST /processor/signal/return/report.
func (p *API) HandleProcessorSignalReturnReport(c *product.Call, req *processorSignalReturnReportRequest) (any, *wire.Error) {
	if _, _, err := c.Items.ProcessorAccount(c, req.ProcessorToken, "signal"); err != nil {
		return nil, err
	}
	return p.HandleSignalReturnReport(c, &req.ReturnReportRequest)
}

// HandleProcessorSignalPrepare serves POST /processor/signal/prepare.
func (p *API) HandleProcessorSignalPrepare(c *product.Call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	if _, _, err := c.Items.ProcessorAccount(c, req.ProcessorToken, "signal"); err != nil {
		return nil, err
	}
	return &wire.Response{}, nil
}
