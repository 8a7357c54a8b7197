package api

import (
	"runtime/debug"
	"strings"
	"sync"
)

// modulePath is the path of the module this package belongs to.
const modulePath = "github.com/healvi-chat/healvi-go"

// Version returns the version of this module in the program that imports
// it, such as "v0.3.0" (the version its module graph selects), read
// from the program's build information, so that no release can forget to
// update it. The client sends it in the User-Agent header.
//
// Built from a checkout of this repository, the module is the main module,
// whose version go build stamps from git: a pseudo-version such as
// "v0.0.0-20261128231829-e84cc3d81497", with "+dirty" when the tree has
// uncommitted changes. It is "devel" when the build information holds no
// version: a build with -buildvcs=false, go run, go test, a copy without
// git metadata or one go does not read (a git worktree, whose .git is a
// file), and a replace directive to a directory.
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
