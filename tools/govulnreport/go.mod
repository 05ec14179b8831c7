module github.com/illumidesk/illumidesk-go/tools/govulnreport

go 1.25.0
