// Command unzipprobe extracts module zips with golang.org/x/mod/zip's Unzip, as the go command does, so that the
// C# reader can be compared with the reference. Arguments: module path, version, then pairs of zip file and target
// directory. For each pair it prints one line: "ok", or "error: " and the message.
package main

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

func main() {
	m := module.Version{Path: os.Args[1], Version: os.Args[2]}
	for i := 3; i+1 < len(os.Args); i += 2 {
		if err := modzip.Unzip(os.Args[i+1], m, os.Args[i]); err != nil {
			fmt.Println("error: " + strings.ReplaceAll(err.Error(), "\n", " "))
			continue
		}
		fmt.Println("ok")
	}
}
