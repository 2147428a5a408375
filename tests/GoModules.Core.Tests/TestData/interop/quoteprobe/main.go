// Command quoteprobe reports how the Go toolchain it was built with quotes text. First it writes the code points
// that strconv.IsPrint accepts, as inclusive hexadecimal ranges "lo-hi", one per line, followed by a line "end".
// Then, for every line of standard input (hexadecimal bytes), it writes strconv.Quote of those bytes.
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"unicode"
)

func main() {
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	fmt.Fprintf(out, "unicode %s\n", unicode.Version)
	start := -1
	for r := 0; r <= 0x110000; r++ {
		printable := r <= 0x10FFFF && strconv.IsPrint(rune(r))
		if printable && start < 0 {
			start = r
		} else if !printable && start >= 0 {
			fmt.Fprintf(out, "%x-%x\n", start, r-1)
			start = -1
		}
	}
	fmt.Fprintln(out, "end")
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		raw, err := hex.DecodeString(in.Text())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Fprintln(out, strconv.Quote(string(raw)))
	}
}
