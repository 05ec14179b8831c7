package facade

import (
	"context"
	"fmt"
	"iter"
)

// defaultPageSize is how many items an iterator asks for per request unless told.
const defaultPageSize = 100

// paginate walks a limit/offset list one page at a time. It stops after a short page, and
// refuses to go on when a page starts with the same item as the one before: a server that
// ignores the offset would otherwise be read forever. Each range over the sequence starts
// again at start, and ranges do not share state.
func paginate[T any](ctx context.Context, start, size int, page func(ctx context.Context, offset, limit int) ([]T, error), id func(*T) string) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		offset, pageSize := start, size
		if pageSize == 0 {
			pageSize = defaultPageSize
		}
		if pageSize < 0 || pageSize > maxPageSize {
			yield(zero, fmt.Errorf("%w: page size %d is outside 1..%d", ErrInvalidArgument, pageSize, maxPageSize))
			return
		}
		prevFirst := ""
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			items, err := page(ctx, offset, pageSize)
			if err != nil {
				yield(zero, err)
				return
			}
			if len(items) == 0 {
				return
			}
			first := id(&items[0])
			if first == prevFirst {
				yield(zero, fmt.Errorf("%w: the page at offset %d starts with the same item as the page before", ErrPaginationStalled, offset))
				return
			}
			prevFirst = first
			for i := range items {
				if !yield(items[i], nil) {
					return
				}
			}
			if len(items) < pageSize {
				return
			}
			offset += len(items)
		}
	}
}
