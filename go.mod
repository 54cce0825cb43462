module github.com/korea-ict-exporter/korea-ict-exporter

go 1.26.8

require (
	github.com/alecthomas/kingpin/v2 v2.4.0
	github.com/prometheus/common v0.73.1
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/alecthomas/units v0.0.0-20240927000941-0f3dac36c52b // indirect
	github.com/prometheus/client_model v0.6.3 // indirect
	github.com/xhit/go-str2duration/v2 v2.1.0 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
)
