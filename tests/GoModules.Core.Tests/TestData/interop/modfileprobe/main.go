// Command modfileprobe describes go.mod texts as golang.org/x/mod/modfile sees them, in the
// format of GoModCorpus.Describe, so the C# parser can be compared with the reference.
// It reads a JSON array of {"text": "...", "lax": bool} on stdin and writes a JSON array of strings.
package main

import (
	"encoding/json"
	"os"
	"strings"

	"golang.org/x/mod/modfile"
)

type request struct {
	Text string `json:"text"`
	Lax  bool   `json:"lax"`
}

func describe(r request) string {
	parse := modfile.Parse
	if r.Lax {
		parse = modfile.ParseLax
	}
	f, err := parse("go.mod", []byte(r.Text), nil)
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	module, deprecated := "<none>", ""
	if f.Module != nil {
		module, deprecated = f.Module.Mod.Path, f.Module.Deprecated
	}
	b.WriteString("module: " + module + "\n")
	b.WriteString("deprecated: " + deprecated + "\n")
	goVersion := "<none>"
	if f.Go != nil {
		goVersion = f.Go.Version
	}
	b.WriteString("go: " + goVersion + "\n")
	if f.Toolchain != nil {
		b.WriteString("toolchain: " + f.Toolchain.Name + "\n")
	}
	for _, x := range f.Require {
		indirect := "false"
		if x.Indirect {
			indirect = "true"
		}
		b.WriteString("require: " + x.Mod.Path + " " + x.Mod.Version + " " + indirect + "\n")
	}
	for _, x := range f.Exclude {
		b.WriteString("exclude: " + x.Mod.Path + " " + x.Mod.Version + "\n")
	}
	for _, x := range f.Replace {
		b.WriteString("replace: " + x.Old.Path + " " + x.Old.Version + " => " + x.New.Path + " " + x.New.Version + "\n")
	}
	for _, x := range f.Retract {
		b.WriteString("retract: " + x.Low + " " + x.High + " | " + strings.ReplaceAll(x.Rationale, "\n", "\\n") + "\n")
	}
	return b.String()
}

func main() {
	var reqs []request
	if err := json.NewDecoder(os.Stdin).Decode(&reqs); err != nil {
		panic(err)
	}
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = describe(r)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
