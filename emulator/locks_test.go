package emulator_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryLockIsDeferred holds the rule that no lock survives a panic:
// every Lock or RLock statement in the module's code is followed at once,
// in the same block, by the deferred Unlock or RUnlock of the same lock.
// A critical section shorter than its function is a closure (or a helper)
// with its own defer. A recovered panic then cannot leave a lock held and
// wedge every request behind it.
func TestEveryLockIsDeferred(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata" || d.Name() == "testcontainers" || strings.HasPrefix(d.Name(), ".")) && p != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var list []ast.Stmt
			switch b := n.(type) {
			case *ast.BlockStmt:
				list = b.List
			case *ast.CaseClause:
				list = b.Body
			case *ast.CommClause:
				list = b.Body
			default:
				return true
			}
			for i, st := range list {
				recv, method := lockCall(st)
				if method == "" {
					continue
				}
				checked++
				want := map[string]string{"Lock": "Unlock", "RLock": "RUnlock"}[method]
				if i+1 < len(list) {
					if d, ok := list[i+1].(*ast.DeferStmt); ok {
						if r, m := callOn(d.Call); r == recv && m == want {
							continue
						}
					}
				}
				t.Errorf("%s: %s.%s() is not followed by defer %s.%s()", fset.Position(st.Pos()), recv, method, recv, want)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("found only %d Lock/RLock statements: the walk missed the code", checked)
	}
}

// lockCall is the receiver and method of a statement x.Lock() or x.RLock().
func lockCall(st ast.Stmt) (string, string) {
	es, ok := st.(*ast.ExprStmt)
	if !ok {
		return "", ""
	}
	c, ok := es.X.(*ast.CallExpr)
	if !ok {
		return "", ""
	}
	r, m := callOn(c)
	if m != "Lock" && m != "RLock" {
		return "", ""
	}
	return r, m
}

// callOn is the receiver's source text and method name of a call x.M().
func callOn(c *ast.CallExpr) (string, string) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || len(c.Args) != 0 {
		return "", ""
	}
	return exprText(sel.X), sel.Sel.Name
}

func exprText(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprText(x.X) + "." + x.Sel.Name
	case *ast.StarExpr:
		return "*" + exprText(x.X)
	case *ast.IndexExpr:
		return exprText(x.X) + "[…]"
	}
	return "?"
}
