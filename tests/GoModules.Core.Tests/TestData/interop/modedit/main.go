// Command modedit applies scripted edits to go.mod texts with golang.org/x/mod/modfile and prints the result, so
// the C# editor can be compared with the reference byte for byte.
//
// Stdin is a JSON array of {"text": "...", "lax": bool, "script": [["verb", "arg", ...], ...]}. Stdout is a JSON
// array with one string per case: "parse error", or "panic" when x/mod panics on the script, or one "ok"/"error"
// line per command, "----", the bytes of modfile.Format, and (when the script ends with a cleanup) "----" and the
// directives as the File lists them afterwards.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
)

type request struct {
	Text   string     `json:"text"`
	Lax    bool       `json:"lax"`
	Script [][]string `json:"script"`
}

func requirements(args []string) []*modfile.Require {
	var list []*modfile.Require
	for i := 0; i+2 < len(args); i += 3 {
		r := &modfile.Require{Indirect: args[i+2] == "1"}
		r.Mod.Path, r.Mod.Version = args[i], args[i+1]
		list = append(list, r)
	}
	return list
}

func apply(f *modfile.File, c []string) error {
	a := c[1:]
	switch c[0] {
	case "module":
		return f.AddModuleStmt(a[0])
	case "comment":
		f.AddComment(a[0])
	case "go":
		return f.AddGoStmt(a[0])
	case "dropgo":
		f.DropGoStmt()
	case "toolchain":
		return f.AddToolchainStmt(a[0])
	case "droptoolchain":
		f.DropToolchainStmt()
	case "godebug":
		return f.AddGodebug(a[0], a[1])
	case "dropgodebug":
		return f.DropGodebug(a[0])
	case "require":
		return f.AddRequire(a[0], a[1])
	case "newrequire":
		f.AddNewRequire(a[0], a[1], a[2] == "1")
	case "droprequire":
		return f.DropRequire(a[0])
	case "setrequire":
		f.SetRequire(requirements(a))
	case "setrequire-separate-indirect":
		f.SetRequireSeparateIndirect(requirements(a))
	case "setrequire-at-most-two":
		f.SetRequireAtMostTwo(requirements(a))
	case "exclude":
		return f.AddExclude(a[0], a[1])
	case "dropexclude":
		return f.DropExclude(a[0], a[1])
	case "replace":
		return f.AddReplace(a[0], a[1], a[2], a[3])
	case "dropreplace":
		return f.DropReplace(a[0], a[1])
	case "retract":
		return f.AddRetract(modfile.VersionInterval{Low: a[0], High: a[1]}, a[2])
	case "dropretract":
		return f.DropRetract(modfile.VersionInterval{Low: a[0], High: a[1]})
	case "tool":
		return f.AddTool(a[0])
	case "droptool":
		return f.DropTool(a[0])
	case "ignore":
		return f.AddIgnore(a[0])
	case "dropignore":
		return f.DropIgnore(a[0])
	case "sortblocks":
		f.SortBlocks()
	case "cleanup":
		f.Cleanup()
	default:
		panic("unknown command " + c[0])
	}
	return nil
}

func directives(f *modfile.File) string {
	var lines []string
	if f.Module != nil {
		lines = append(lines, "module "+f.Module.Mod.Path)
	}
	if f.Go != nil {
		lines = append(lines, "go "+f.Go.Version)
	}
	if f.Toolchain != nil {
		lines = append(lines, "toolchain "+f.Toolchain.Name)
	}
	var sorted []string
	for _, g := range f.Godebug {
		sorted = append(sorted, "godebug "+g.Key+"="+g.Value)
	}
	for _, r := range f.Require {
		sorted = append(sorted, fmt.Sprintf("require %s %s %v", r.Mod.Path, r.Mod.Version, r.Indirect))
	}
	for _, x := range f.Exclude {
		sorted = append(sorted, "exclude "+x.Mod.Path+" "+x.Mod.Version)
	}
	for _, r := range f.Replace {
		sorted = append(sorted, "replace "+r.Old.Path+" "+r.Old.Version+" => "+r.New.Path+" "+r.New.Version)
	}
	for _, r := range f.Retract {
		sorted = append(sorted, "retract "+r.Low+" "+r.High)
	}
	// Cleanup does not compact the Tool and Ignore lists: dropped entries stay there, emptied.
	for _, t := range f.Tool {
		if t.Path != "" {
			sorted = append(sorted, "tool "+t.Path)
		}
	}
	for _, i := range f.Ignore {
		if i.Path != "" {
			sorted = append(sorted, "ignore "+i.Path)
		}
	}
	sort.Strings(sorted)
	return strings.Join(append(lines, sorted...), "\n")
}

func run(r request) (out string) {
	parse := modfile.Parse
	if r.Lax {
		parse = modfile.ParseLax
	}
	f, err := parse("go.mod", []byte(r.Text), nil)
	if err != nil {
		return "parse error"
	}
	defer func() {
		if recover() != nil {
			out = "panic"
		}
	}()
	var b strings.Builder
	for _, c := range r.Script {
		if err := apply(f, c); err != nil {
			b.WriteString("error\n")
		} else {
			b.WriteString("ok\n")
		}
	}
	b.WriteString("----\n")
	b.Write(modfile.Format(f.Syntax))
	if n := len(r.Script); n > 0 && r.Script[n-1][0] == "cleanup" {
		b.WriteString("\n----\n")
		b.WriteString(directives(f))
	}
	return b.String()
}

func main() {
	var requests []request
	if err := json.NewDecoder(os.Stdin).Decode(&requests); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	results := make([]string, len(requests))
	for i, r := range requests {
		results[i] = run(r)
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
