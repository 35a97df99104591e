package emulator

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/signal"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The partner side: a processor token in place of the access token and
// account.

type processorSignalEvaluateRequest struct {
	product.Credentials
	signal.Transaction
	ProcessorToken string `json:"processor_token" plaid:"required"`
}

// handleProcessorSignalEvaluate serves POST /processor/signal/evaluate.
func handleProcessorSignalEvaluate(c *call, req *processorSignalEvaluateRequest) (any, *wire.Error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	_, it, i, err := c.processorAccount(req.ProcessorToken, "signal")
	if err != nil {
		return nil, err
	}
	return c.s.signal.Evaluate(&c.Call, it, &it.Accounts[i], req.ClientTransactionID, *req.Amount, req.UserPresent), nil
}

type processorSignalDecisionReportRequest struct {
	signal.DecisionReportRequest
	ProcessorToken string `json:"processor_token" plaid:"required"`
}

type processorSignalReturnReportRequest struct {
	signal.ReturnReportRequest
	ProcessorToken string `json:"processor_token" plaid:"required"`
}

// handleProcessorSignalDecisionReport serves POST /processor/signal/decision/report.
func handleProcessorSignalDecisionReport(c *call, req *processorSignalDecisionReportRequest) (any, *wire.Error) {
	if _, _, _, err := c.processorAccount(req.ProcessorToken, "signal"); err != nil {
		return nil, err
	}
	return c.s.signal.HandleSignalDecisionReport(&c.Call, &req.DecisionReportRequest)
}

// handleProcessorSignalReturnReport serves POST /processor/signal/return/report.
func handleProcessorSignalReturnReport(c *call, req *processorSignalReturnReportRequest) (any, *wire.Error) {
	if _, _, _, err := c.processorAccount(req.ProcessorToken, "signal"); err != nil {
		return nil, err
	}
	return c.s.signal.HandleSignalReturnReport(&c.Call, &req.ReturnReportRequest)
}

// handleProcessorSignalPrepare serves POST /processor/signal/prepare.
func handleProcessorSignalPrepare(c *call, req *processorTokenRequest) (any, *wire.Error) {
	if _, _, _, err := c.processorAccount(req.ProcessorToken, "signal"); err != nil {
		return nil, err
	}
	return &wire.Response{}, nil
}
