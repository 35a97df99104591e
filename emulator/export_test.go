package emulator

import "reflect"

// PathsByPackage are the Plaid paths each product module serves, by the
// import path of the module's package (which package's tests own their
// conformance coverage).
func PathsByPackage(s *Server) map[string][]string {
	out := map[string][]string{}
	for _, m := range s.modules {
		t := reflect.TypeOf(m)
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		for _, ep := range m.Endpoints() {
			out[t.PkgPath()] = append(out[t.PkgPath()], ep.Path)
		}
	}
	return out
}
