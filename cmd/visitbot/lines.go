package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// maxLineBytes is the longest input line read as a question. A longer line
// (a pasted file, hostile input) is declined without being held: its bytes
// are read and dropped.
const maxLineBytes = 1 << 20

// line is one input line, without its line ending. TooLong is set, and
// Text holds only the line's first bytes, when it was longer than
// maxLineBytes. More is set when the next line had already arrived when
// this one was read (piped input) and comes in the same batch (see
// eachLine): a writer need not flush before it.
type line struct {
	Text    string
	TooLong bool
	More    bool
}

// lineReader reads lines of at most max bytes with a fixed buffer.
type lineReader struct {
	br   *bufio.Reader
	max  int
	keep int // bytes of a too-long line kept, to name it
	buf  []byte
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10), max: max, keep: 256}
}

// next returns the next line; io.EOF after the last. A last line without
// a line ending is a line.
func (lr *lineReader) next() (line, error) {
	lr.buf = lr.buf[:0]
	tooLong, any := false, false
	for {
		frag, err := lr.br.ReadSlice('\n')
		any = any || len(frag) > 0
		if !tooLong {
			if len(bytes.TrimRight(frag, "\r\n"))+len(lr.buf) > lr.max {
				tooLong = true
				lr.buf = lr.buf[:min(len(lr.buf), lr.keep)]
				keep := min(len(frag), max(0, lr.keep-len(lr.buf)))
				lr.buf = append(lr.buf, frag[:keep]...)
			} else {
				lr.buf = append(lr.buf, frag...)
			}
		}
		switch {
		case err == nil:
			return lr.line(tooLong), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && any:
			return lr.line(tooLong), nil
		default:
			return line{}, err
		}
	}
}

// hasLine reports whether a whole line is buffered, so that next will not
// wait for input.
func (lr *lineReader) hasLine() bool {
	b, _ := lr.br.Peek(lr.br.Buffered())
	return bytes.IndexByte(b, '\n') >= 0
}

func (lr *lineReader) line(tooLong bool) line {
	b := bytes.TrimRight(lr.buf, "\r\n")
	if cap(lr.buf) > 2*lr.max { // never keep more than one line's worth
		lr.buf = nil
	}
	return line{Text: string(b), TooLong: tooLong}
}

// eachLine calls fn with every line of r in order.
//
// It returns ctx's error as soon as ctx is done (Ctrl-C), even while a read
// or fn is waiting; the reading goroutine then ends with its current read.
// A read error other than io.EOF is returned wrapped. Lines that have
// already arrived are handed over together, up to maxBatch at a time,
// rather than one goroutine switch a line.
func eachLine(ctx context.Context, r io.Reader, fn func(line) error) error {
	ctx, cancel := context.WithCancel(ctx) // ends the reader when we return
	defer cancel()
	type read struct {
		l   line
		err error
	}
	batches := make(chan []read)
	next := make(chan struct{})
	go func() {
		lr := newLineReader(r, maxLineBytes)
		for {
			var batch []read
			for {
				l, err := lr.next()
				batch = append(batch, read{l, err})
				if err != nil || len(batch) == maxBatch || !lr.hasLine() {
					break
				}
				batch[len(batch)-1].l.More = true
			}
			select {
			case batches <- batch:
			case <-ctx.Done():
				return
			}
			if batch[len(batch)-1].err != nil {
				return
			}
			select {
			case <-next:
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		var batch []read
		select {
		case <-ctx.Done():
			return ctx.Err()
		case batch = <-batches:
		}
		for _, rd := range batch {
			if rd.err == io.EOF {
				return nil
			}
			if rd.err != nil {
				return fmt.Errorf("read questions: %w", rd.err)
			}
			if err := fn(rd.l); err != nil {
				return err
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
		select {
		case next <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// maxBatch is the most lines eachLine hands over at once.
const maxBatch = 64
