package institutions_test

import (
	"context"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

func TestPlaidGoInstitutions(t *testing.T) {
	e := plaidtest.New(t)
	c := e.PlaidClient().PlaidApi
	ctx := context.Background()
	us := []plaid.CountryCode{plaid.COUNTRYCODE_US}
	list, _, err := c.InstitutionsGet(ctx).InstitutionsGetRequest(*plaid.NewInstitutionsGetRequest(5, 0, us)).Execute()
	plaidtest.Must(t, "institutions/get", err)
	if len(list.GetInstitutions()) != 5 || list.GetTotal() < 10 {
		t.Fatalf("institutions/get = %d of %d", len(list.GetInstitutions()), list.GetTotal())
	}
	req := plaid.NewInstitutionsGetByIdRequest("ins_109512", us)
	req.SetOptions(plaid.InstitutionsGetByIdRequestOptions{IncludeOptionalMetadata: plaid.PtrBool(true), IncludeStatus: plaid.PtrBool(true)})
	one, _, err := c.InstitutionsGetById(ctx).InstitutionsGetByIdRequest(*req).Execute()
	plaidtest.Must(t, "institutions/get_by_id", err)
	if one.Institution.GetName() != "Houndstooth Bank" || one.Institution.GetPrimaryColor() != "#004966" {
		t.Fatalf("get_by_id = %+v", one.Institution)
	}
	found, _, err := c.InstitutionsSearch(ctx).InstitutionsSearchRequest(*plaid.NewInstitutionsSearchRequest("tartan", us)).Execute()
	plaidtest.Must(t, "institutions/search", err)
	if len(found.GetInstitutions()) != 1 || found.Institutions[0].GetInstitutionId() != "ins_109511" {
		t.Fatalf("search = %+v", found.GetInstitutions())
	}
}
