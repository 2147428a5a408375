// Command tlogprobe prints, one per line in base64, golang.org/x/mod/sumdb/tlog's root hash of the empty tree and
// of the trees of 1, 2, 3 and 7 records whose record i holds the line "record <i>", so that the C# tlog code can be
// compared with the newest x/mod.
package main

import (
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

type memory []tlog.Hash

func (m memory) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		out[i] = m[x]
	}
	return out, nil
}

func main() {
	empty, err := tlog.TreeHash(0, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(empty.String())
	var stored memory
	for n := int64(0); n < 7; n++ {
		hashes, err := tlog.StoredHashes(n, []byte(fmt.Sprintf("record %d\n", n)), stored)
		if err != nil {
			panic(err)
		}
		stored = append(stored, hashes...)
		if n+1 == 1 || n+1 == 2 || n+1 == 3 || n+1 == 7 {
			h, err := tlog.TreeHash(n+1, stored)
			if err != nil {
				panic(err)
			}
			fmt.Println(h.String())
		}
	}
}
