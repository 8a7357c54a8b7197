package api

import (
	"runtime/debug"
	"strings"
	"sync"
)

// modulePath is the path of the module this package belongs to.
const modulePath = "github.com/healvi-chat/healvi-go"

// Version returns the version of this module in the program that imports
// it, such as "v0.3.0", read from the program's build information, so that
// no release can forget to update it. It is "devel" when the module is
// built from a work tree (its own tests, a replace directive). The client
// sends it in the User-Agent header.
func Version() string { return version() }

var version = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	return versionFrom(bi, ok)
})

// versionFrom finds this module's version in a program's build information.
func versionFrom(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "devel"
	}
	mod := &bi.Main
	if mod.Path != modulePath {
		mod = nil
		for _, dep := range bi.Deps {
			if dep.Path == modulePath {
				mod = dep
				break
			}
		}
	}
	if mod == nil {
		return "devel"
	}
	if mod.Replace != nil {
		mod = mod.Replace
	}
	if mod.Version == "" || mod.Version == "(devel)" {
		return "devel"
	}
	return mod.Version
}

var userAgent = sync.OnceValue(func() string {
	return "healvi-go/" + strings.TrimPrefix(Version(), "v") + " (+github.com/healvi-chat/healvi-go)"
})
