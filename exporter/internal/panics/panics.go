// Package panics turns a panic in code that parses or fetches a source's
// data into an error: whatever a source serves, a bug it reaches fails that
// source's refresh (its last good data kept) instead of ending the process.
package panics

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"
)

// Error is a recovered panic, with the stack of the goroutine that panicked.
type Error struct {
	Value any
	Stack []byte
}

func (e *Error) Error() string {
	return fmt.Sprintf("internal error (a bug, please report it with the log's stack): panic: %v", e.Value)
}

// Catch runs f and returns its error, or an *Error if it panics.
func Catch(f func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &Error{Value: v, Stack: debug.Stack()}
		}
	}()
	return f()
}

// Stack is the stack of the panic err wraps, or nil.
func Stack(err error) []byte {
	if pe, ok := errors.AsType[*Error](err); ok {
		return pe.Stack
	}
	return nil
}

// Fprintln prints err on a line, and after it the stack of the panic it
// wraps, if any: for the commands (check, backfill), a bug to report.
func Fprintln(w io.Writer, err error) {
	fmt.Fprintln(w, err)
	if stack := Stack(err); stack != nil {
		w.Write(stack)
	}
}
