// Command hello prints a greeting; built once for the Go analyzer's tests (see README.md).
package main

import (
	"fmt"

	"example.com/greet"
	"example.com/shout"
)

func main() {
	fmt.Println(shout.Loud(greet.Hello()))
}
