// Command targets reads the output of the benchmarks (go test -bench, any -count) and
// prints each of the performance targets as a ratio of medians against its
// baseline from the same run, met or missed. It exits 0 either way: a missed target is a
// finding, not a broken build.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"slices"

	"golang.org/x/perf/benchfmt"
)

var procs = regexp.MustCompile(`-\d+$`)

// medians maps "Get/client=facade" and a unit ("ns/op", "allocs/op", "req/s", ...) to
// the median of its values.
type medians map[string]map[string]float64

func read(r io.Reader, name string) (medians, error) {
	values := map[string]map[string][]float64{}
	br := benchfmt.NewReader(r, name)
	for br.Scan() {
		res, ok := br.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		key := procs.ReplaceAllString(res.Name.String(), "")
		if values[key] == nil {
			values[key] = map[string][]float64{}
		}
		for _, v := range res.Values {
			unit, val := v.Unit, v.Value
			if v.OrigUnit != "" {
				unit, val = v.OrigUnit, v.OrigValue
			}
			values[key][unit] = append(values[key][unit], val)
		}
	}
	if err := br.Err(); err != nil {
		return nil, err
	}
	m := medians{}
	for k, units := range values {
		m[k] = map[string]float64{}
		for u, vs := range units {
			slices.Sort(vs)
			mid := len(vs) / 2
			if len(vs)%2 == 0 {
				m[k][u] = (vs[mid-1] + vs[mid]) / 2
			} else {
				m[k][u] = vs[mid]
			}
		}
	}
	return m, nil
}

func (m medians) get(bench, unit string) (float64, bool) {
	v, ok := m[bench][unit]
	return v, ok
}

type checker struct {
	m           medians
	met, missed int
}

// ratio prints num/den for one unit and whether it is at most (or, with atLeast, at
// least) limit.
func (c *checker) ratio(what, num, den, unit string, limit float64, atLeast bool) {
	a, ok1 := c.m.get(num, unit)
	b, ok2 := c.m.get(den, unit)
	if !ok1 || !ok2 || b == 0 {
		fmt.Printf("  %-58s  not measured (%s or %s missing)\n", what, num, den)
		return
	}
	r := a / b
	ok := r <= limit
	cmp := "≤"
	if atLeast {
		ok, cmp = r >= limit, "≥"
	}
	verdict := "met"
	if ok {
		c.met++
	} else {
		c.missed++
		verdict = fmt.Sprintf("MISSED by %.0f%%", 100*abs(r/limit-1))
	}
	fmt.Printf("  %-58s  %8.3f× (want %s %.2f×)  %s\n", what, r, cmp, limit, verdict)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func main() {
	flag.Usage = func() { fmt.Fprintln(os.Stderr, "usage: targets bench-output.txt"); flag.PrintDefaults() }
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	m, err := read(f, flag.Arg(0))
	if err != nil {
		log.Fatal(err)
	}
	c := &checker{m: m}

	fmt.Println("Targets (medians of the same run; ratio = ours / baseline):")
	fmt.Println("Client overhead")
	c.ratio("get: facade / handwritten time", "Get/client=facade", "Get/client=handwritten", "ns/op", 1.05, false)
	c.ratio("get: facade / handwritten allocs", "Get/client=facade", "Get/client=handwritten", "allocs/op", 1.00, false)
	c.ratio("list 50: facade / ogen time", "List50/client=facade", "List50/client=ogen", "ns/op", 1.00, false)
	c.ratio("list 1000: facade / ogen time", "List1000/client=facade", "List1000/client=ogen", "ns/op", 1.00, false)
	fmt.Println("Iterator (100 per page unless said)")
	for _, b := range []string{"All/total=100000/page=100", "All/total=100000/page=1000", "All/total=10000/page=100"} {
		live, ok1 := m.get(b, "peak-live-B")
		page, ok2 := m.get(b, "page-B")
		if ok1 && ok2 {
			// "About two pages": up to 2.5 pages of JSON held at the peak.
			r := live / page
			verdict := "met"
			if r > 2.5 {
				verdict = fmt.Sprintf("MISSED by %.0f%%", 100*(r/2.5-1))
				c.missed++
			} else {
				c.met++
			}
			fmt.Printf("  %-58s  %8.2f pages (%.0f KB live, page %.0f KB; want ≤ 2.5)  %s\n",
				b+": peak live heap", r, live/1024, page/1024, verdict)
		}
	}
	c.ratio("peak live, 100,000 / 10,000 users (independent of total)", "All/total=100000/page=100", "All/total=10000/page=100", "peak-live-B", 1.25, false)
	fmt.Println("Mock server vs Prism, both validating")
	for _, ep := range []string{"profile", "list"} {
		mock, prism := "MockServer/endpoint="+ep+"/server=mock", "MockServer/endpoint="+ep+"/server=prism"
		if _, ok := m[prism]; !ok {
			fmt.Printf("  %-58s  not measured (Prism skipped)\n", ep)
			continue
		}
		c.ratio(ep+": mock / Prism req/s", mock, prism, "req/s", 10, true)
		c.ratio(ep+": mock / Prism p99", mock, prism, "p99-ms", 1.00, false)
		if a, ok := m.get(prism, "srv-cpu-µs/req"); ok {
			if b, ok := m.get(mock, "srv-cpu-µs/req"); ok && b > 0 {
				fmt.Printf("  %-58s  %8.3f× (%.0f µs vs %.0f µs; not a target: the server's cost without the generator's)\n",
					ep+": Prism / mock server CPU per request", a/b, a, b)
			}
		}
	}
	fmt.Printf("%d met, %d missed\n", c.met, c.missed)
}
